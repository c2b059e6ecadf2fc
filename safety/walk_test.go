package safety

import (
	"strings"
	"testing"
)

// render shows calls compactly: wrappers>name arg arg, dynamic args marked with ~; the walk of a function
// body at its definition is left out when a call walked it again.
func render(calls []call) string {
	var parts []string
	for _, c := range calls {
		if c.Shadowed {
			continue // walked again, with its arguments, where the function is called
		}
		var b strings.Builder
		for _, w := range c.Wrappers {
			b.WriteString(w + ">")
		}
		if c.Dynamic {
			b.WriteString("~" + c.Path)
		} else {
			b.WriteString(c.Name)
		}
		for _, a := range c.Args {
			b.WriteByte(' ')
			if a.Dynamic {
				b.WriteByte('~')
			}
			b.WriteString(a.Value)
		}
		parts = append(parts, b.String())
	}
	return strings.Join(parts, " | ")
}

func TestSimpleCommands(t *testing.T) {
	opts := Options{Home: "/home/u"}
	tests := []struct{ cmd, want string }{
		{"rm -rf /", "rm -rf /"},
		{`\rm -rf /`, "rm -rf /"},
		{`/bin/rm -rf ~`, "rm -rf /home/u"},
		{`r''m "-r"f $HOME`, "rm -rf /home/u"},
		{`$'\x72\x6d' -rf /`, "rm -rf /"},
		{`{rm,-rf,/}`, "rm -rf /"},
		{`rm -rf /{bin,etc}`, "rm -rf /bin /etc"},
		{`x=rm; $x -rf /`, "rm -rf /"},
		{`a=/; rm -rf $a`, "rm -rf /"},
		{`$CMD -rf /`, "~$CMD -rf /"},
		{`rm -rf "$DIR/"*`, "rm -rf ~$DIR/*"},
		{`sudo -u root env -i FOO=1 nice -n 5 rm -rf /`, "sudo>env>nice>rm -rf /"},
		{`bash -c 'rm -rf /'`, "bash -c rm -rf / | bash -c>rm -rf /"},
		{`eval "rm -rf /"`, "eval rm -rf / | eval>rm -rf /"},
		{`find . -name '*.pyc' -exec rm -f {} \;`, "find . -name *.pyc -exec rm -f {} ; | find>rm -f ./*.pyc"},
		{`ls | xargs rm -rf`, "ls | xargs>rm -rf ~{input}"},
		{`echo 'rm -rf /' | sh`, "echo rm -rf / | sh | pipe>rm -rf /"},
		{`echo cm0gLXJmIC8= | base64 -d | bash`, "echo cm0gLXJmIC8= | base64 -d | bash | pipe>rm -rf /"},
		{`sh <<< 'rm -rf /'`, "sh | heredoc>rm -rf /"},
		{`f(){ rm -rf /; }; f`, "f | rm -rf /"},
		{`echo $(curl x)`, "curl x | echo ~$(curl x)"},
		{`for d in / /etc; do rm -rf $d; done`, "rm -rf / | rm -rf /etc"},
		{`timeout 5 su -c 'rm -rf /' root`, "timeout>su -c rm -rf / root | timeout>su -c>rm -rf /"},
		{`docker exec -it web rm -rf /app`, "docker exec -it web rm -rf /app | docker exec>rm -rf /app"},
		{`ssh host 'rm -rf /'`, "ssh host rm -rf / | ssh>rm -rf /"},
	}
	for _, tt := range tests {
		t.Run(tt.cmd, func(t *testing.T) {
			calls, err := simpleCommands(tt.cmd, opts)
			if err != nil {
				t.Fatal(err)
			}
			if got := render(calls); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}
