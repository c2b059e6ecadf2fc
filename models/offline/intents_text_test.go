package offline

import (
	"testing"

	"github.com/cmdai/cmdai/models"
)

// TestTextIntents checks the answers of the string, text and shell intents on requests of our own.
// Each want is the exact command; the requests are unambiguous enough to have one.
func TestTextIntents(t *testing.T) {
	e := testEngine(t)
	tests := []struct{ prompt, want string }{
		// A string or a variable is fed to the tool with echo.
		{`print "hello" backwards`, `echo 'hello' | rev`},
		{`reverse the string "abc123"`, `echo 'abc123' | rev`},
		{`show the value of $name reversed`, `echo "$name" | rev`},
		{`compute the md5 sum of "secret"`, `echo -n 'secret' | md5sum`},
		{`md5 hash of the variable token`, `echo -n "$token" | md5sum`},
		{`convert "Hello World" to lowercase`, `echo 'Hello World' | tr '[:upper:]' '[:lower:]'`},
		{`convert the content of variable NAME to upper case`, `echo "$NAME" | tr '[:lower:]' '[:upper:]'`},
		{`print each character of "banana" on its own line`, `echo 'banana' | fold -w1`},
		{`print "$word" as hexadecimal bytes`, `echo -n "$word" | od -A n -t x1`},
		{`print the third colon-separated field of $record`, `echo "$record" | cut -d ':' -f 3`},
		{`show the second comma-separated field of "a,b,c"`, `echo 'a,b,c' | cut -d ',' -f 2`},
		{`print the last slash-separated component of $url`, `echo "$url" | rev | cut -d '/' -f 1 | rev`},
		{`print the last 4 characters of $serial`, `echo "$serial" | rev | cut -c 1-4 | rev`},
		{`append "export EDITOR=vim" to ~/.bashrc`, `echo 'export EDITOR=vim' | tee -a ~/.bashrc`},
		{`count how many times each character occurs in the string "mississippi"`, `echo 'mississippi' | grep -o . | sort | uniq -c`},
		{`count the occurrences of each character in notes.txt`, `grep -o . notes.txt | sort | uniq -c`},
		// Temporary files, history, gzip, comm.
		{`create a temporary file`, `mktemp`},
		{`make a temp directory`, `mktemp -d`},
		{`show my command history`, `history`},
		{`clear the shell history`, `history -c`},
		{`append the lines of old_history.txt to the in-memory history list`, `history -r old_history.txt`},
		{`compress notes.txt`, `gzip notes.txt`},
		{`decompress backup.sql.gz`, `gzip -d backup.sql.gz`},
		{`decompress logs.gz to standard output`, `gzip -dc logs.gz`},
		{`print the lines in a.txt that are not in b.txt`, `comm -23 <(sort a.txt) <(sort b.txt)`},
		{`show the lines common to list1.txt and list2.txt`, `comm -12 <(sort list1.txt) <(sort list2.txt)`},
		{`show file information of the command "python3"`, `ls -l "$(which python3)"`},
		// Files named plainly stay files.
		{`count the lines in notes.txt`, `wc -l notes.txt`},
		{`md5 sum of file.txt`, `md5sum file.txt`},
		{`show git commit history`, `git log --oneline -n 10`},
	}
	for _, tt := range tests {
		t.Run(tt.prompt, func(t *testing.T) {
			got := e.Answer(models.Request{Prompt: tt.prompt, Shell: "bash", OS: "linux"})
			if got.Command != tt.want {
				t.Errorf("Answer(%q) = %q (confidence %.2f), want %q", tt.prompt, got.Command, got.Confidence, tt.want)
			}
		})
	}
}

// TestTextSlots checks what extractText reads from a prompt.
func TestTextSlots(t *testing.T) {
	e, err := New()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		prompt        string
		str, sep, nth string
	}{
		{`print the second field of "a:b" separated by colons`, `'a:b'`, ":", "2"},
		{`show the last dot-separated field of variable host`, `"$host"`, ".", "last"},
		{`print 3rd column of $line, comma-delimited`, `"$line"`, ",", "3"},
		{`save the md5 of "$input" to variable "sum"`, `"$input"`, "", ""},
		{`reverse $logfile`, "", "", ""},
		{`print field 4 of "x y z w" split by space`, `'x y z w'`, "", "4"},
	}
	for _, tt := range tests {
		t.Run(tt.prompt, func(t *testing.T) {
			s := e.extractSlots(tokenize(tt.prompt))
			if s.text.str != tt.str || s.text.sep != tt.sep || s.text.nth != tt.nth {
				t.Errorf("text slots = {%q %q %q}, want {%q %q %q}", s.text.str, s.text.sep, s.text.nth, tt.str, tt.sep, tt.nth)
			}
		})
	}
}
