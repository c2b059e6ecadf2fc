package offline

import "testing"

// everydayMined are categories the engine misread in NL2Bash's train split (where it answered with
// confidence and scored at most 0), each written again the way people ask day to day.
var everydayMined = []struct {
	prompt string
	want   []string
}{
	// A directory is made with mkdir even when its name has a dot.
	{"make a directory called build.old", []string{"mkdir build.old"}},
	{"create directory /etc/cron.15sec", []string{"mkdir /etc/cron.15sec"}},
	{"make a new dir called v1.2", []string{"mkdir v1.2"}},
	// Everything from a line on is tail -n +N; one line stays sed.
	{"print notes.txt starting at line 11", []string{"tail -n +11 notes.txt"}},
	{"show log.txt from line 100 onwards", []string{"tail -n +100 log.txt"}},
	{`print the contents of "foo.txt" starting with line 2`, []string{"tail -n +2 foo.txt"}},
	{"show line 5 of a.txt", []string{"sed -n '5p' a.txt"}},
	{"show lines starting with ERROR in app.log", []string{"grep '^ERROR' app.log"}},
	// A number before "to" in a range is no file mode.
	{"print a random number from 2000 to 65000", []string{"shuf -i 2000-65000 -n 1"}},
	{"set the permissions of run.sh to 755", []string{"chmod 755 run.sh"}},
	// The filesystem's type is mount's -t; "all mounted filesystems" are not the root directory.
	{"mount the ext4 filesystem /dev/sdb1 on /mnt/data", []string{"mount -t ext4 /dev/sdb1 /mnt/data", "sudo mount -t ext4 /dev/sdb1 /mnt/data"}},
	{`mount "ext4" filesystem "/dev/xvdf" on "/vol"`, []string{"mount -t ext4 /dev/xvdf /vol", "sudo mount -t ext4 /dev/xvdf /vol"}},
	{"show free space on all mounted filesystems", []string{"df -h"}},
	{"find all .conf files in the entire filesystem", []string{"find / -name '*.conf'"}},
	// "which" in a relative clause asks for no program's path; "absolute path of" does.
	{"absolute path of the java executable", []string{"which java"}},
	{"where is the python binary", []string{"which python"}},
	// Output to the screen and to a file at once is tee.
	{"save the output of make to build.log and also show it", []string{"make | tee build.log"}},
	{"write the output of ls -la to the screen and to listing.txt", []string{"ls -la | tee listing.txt"}},
	{`write output of "ls -a" to standard output and to "output.file"`, []string{"ls -a | tee output.file"}},
	{"save the output of dmesg to boot.txt", []string{"dmesg > boot.txt"}},
	// Links are found by what they lead to; a URL is no link here.
	{"find all hard links to file.txt", []string{"find . -samefile file.txt"}},
	{"find out all hard links in the /home directory to file1", []string{"find /home -samefile file1"}},
	{"find symlinks pointing to /usr/bin/python", []string{"find . -lname /usr/bin/python"}},
	{"extract all links from page.html", []string{`grep -oE 'https?://[^[:space:]"<>]+' page.html`}},
	// Line numbers are added by nl or cat -n, never appended as text.
	{"add line numbers to notes.txt", []string{"nl notes.txt", "cat -n notes.txt", "nl -ba notes.txt"}},
	{`add a line number to every line in "infile"`, []string{"nl -ba infile", "cat -n infile", "nl infile"}},
	{"print main.go with numbered lines", []string{"cat -n main.go", "nl main.go"}},
	// Who may run or read a file.
	{"allow everyone to execute deploy.sh", []string{"chmod a+x deploy.sh"}},
	{"let all users run deploy.sh", []string{"chmod a+x deploy.sh"}},
	{"let everyone read notes.txt", []string{"chmod a+r notes.txt"}},
	// Permissions a find asks about are -perm tests, and a find that asks is never a chmod.
	{"find files not readable by everyone", []string{"find . ! -perm -444"}},
	{"find all regular files in the current directory tree that are not readable by all", []string{"find . -type f ! -perm -444"}},
	{"find files writable by group and others under /srv", []string{"find /srv -perm -g+w,o+w"}},
	{"find files in the entire file system that are writable by group or other", []string{"find / -perm /g+w,o+w"}},
	// Gone for good is shred.
	{"securely delete secret.txt", []string{"shred -u secret.txt"}},
	{"wipe secret.txt so it cannot be recovered", []string{"shred -u secret.txt"}},
	{"empty the file log.txt", []string{"truncate -s 0 log.txt", "> log.txt"}},
	// Docker without sudo is the docker group; "my user" names nobody.
	{"let my user run docker without sudo", []string{`sudo usermod -aG docker "$USER"`}},
	{"how do i use docker without sudo", []string{`sudo usermod -aG docker "$USER"`}},
	{"add bob to the docker group", []string{"sudo usermod -aG docker bob"}},
	{"files owned by user bob", []string{"find . -user bob"}},
	// Well-known files without an extension are files; a name ending in .d is a directory.
	{"print the contents of ~/.ssh/config", []string{"cat ~/.ssh/config"}},
	{"show the first 3 lines of each file in /etc/conf.d", []string{"head -n 3 /etc/conf.d/*"}},
	// The first results of a find are a head of its output, not the first line of each file.
	{"find all the files under /tmp and show a few lines of output from the beginning", []string{"find /tmp | head"}},
	{"find python files and show the first few", []string{"find . -name '*.py' | head"}},
	// The shell's jobs are killed by their ids; pkill takes no "background".
	{"kill all background jobs", []string{"kill $(jobs -p)"}},
	{"kill firefox", []string{"pkill firefox"}},
	// "create directory backup" makes a directory, not a backup of one.
	{"create directory backup", []string{"mkdir backup"}},
	{"back up the docs directory", []string{"tar -czvf docs.tar.gz docs"}},
	// Trees: the whole, or so many levels deep.
	{"print the directory tree", []string{"tree", "tree ."}},
	{"show the current directory tree", []string{"tree", "tree ."}},
	{"show the directory tree two levels deep", []string{"tree -L 2", "tree -L 2 ."}},
	{"print the current directory", []string{"pwd"}},
	// So many lines a piece.
	{"split big.log into pieces of 1000 lines", []string{"split -l 1000 big.log"}},
	{"split big.iso into 1GB pieces", []string{"split -b 1G big.iso"}},
	// People unzip any compressed file; a tarball of PDFs is no PDF.
	{"unzip every .gz file in this folder", []string{"gunzip *.gz"}},
	{"decompress all the .gz files here", []string{"gunzip *.gz"}},
	{"combine all the jpgs into one pdf", []string{"convert *.jpg out.pdf"}},
	// Lines of one file missing from another are comm's; a file that exists is test's.
	{"show lines in file1.txt that do not exist in file2.txt", []string{"comm -23 <(sort file1.txt) <(sort file2.txt)"}},
	{"check if config.yml exists", []string{"test -f config.yml && echo exists"}},
	// Fields from the end.
	{"print the second to last field of each line of data.csv", []string{"awk '{print $(NF-1)}' data.csv"}},
	{"print the last field of each line of data.csv", []string{"awk '{print $NF}' data.csv"}},
	{"join every two lines of file.txt", []string{"paste -d' ' - - < file.txt"}},
	// Big line numbers are line numbers, not times.
	{"print lines 347340107 through 347340206 of big.log", []string{"sed -n '347340107,347340206p' big.log"}},
	{"convert 1700000000 to a date", []string{"date -d @1700000000"}},
	// A name people make up is no typo.
	{"list the files in mydir", []string{"ls mydir"}},
	// A program's own help, or its manual.
	{"print the help message of rsync", []string{"rsync --help"}},
	{`print the help message of command "split"`, []string{"split --help"}},
	{"show the usage message of curl", []string{"curl --help"}},
	{"show the manual for ls", []string{"man ls"}},
	{"show the help for tree", []string{"man tree", "tree --help"}},
	// A search that must not complain about what it may not read.
	{"find all .conf files in / without permission denied errors", []string{"find / -name '*.conf' 2>/dev/null"}},
	{"find files named myfile on the whole system and hide the errors", []string{"find / -name 'myfile' 2>/dev/null"}},
	// "me" and "my" are the person asking.
	{"show processes owned by me", []string{`ps -u "$USER"`, "ps -u $USER"}},
	{"list my processes", []string{`ps -u "$USER"`, "ps -u $USER"}},
	{"files owned by me in /tmp", []string{`find /tmp -user "$USER"`}},
	{"show processes of user bob", []string{"ps -u bob"}},
	// The thing a search names after "the file" or "the directory" is its name.
	{"search for the file chapter1 in the folder /work", []string{"find /work -name 'chapter1'"}},
	{`search for the file "filename" in the entire file system`, []string{"find / -name 'filename'"}},
	{`search for the directory "mysql" in the /etc folder`, []string{"find /etc -type d -name 'mysql'"}},
	{"look for directory `Cookbook`", []string{"find . -type d -name 'Cookbook'"}},
	{"find files in the directory src", []string{"find src"}},
	// One file named with "the file" is that file, not a search for it.
	{"copy the file notes.txt to /tmp", []string{"cp notes.txt /tmp"}},
	{"delete the file notes.txt", []string{"rm notes.txt"}},
	{"copy all files named a.txt to /tmp", []string{"find . -name 'a.txt' -exec cp {} /tmp \\;"}},
	// A folder's contents, not the folder and not only its files.
	{"move everything here to /tmp/blah", []string{"mv ./* /tmp/blah"}},
	{"move all files and directories in the current directory to /tmp/blah/", []string{"mv ./* /tmp/blah/"}},
	{"move everything in /data to /backup", []string{"mv /data/* /backup"}},
	{"copy everything in src to /tmp/build", []string{"cp -r src/* /tmp/build"}},
	// Bytes, not lines.
	{"show the first 100 bytes of data.bin", []string{"head -c 100 data.bin"}},
	{"print the last 2 kb of app.log", []string{"tail -c 2K app.log"}},
	{"find files bigger than 100 bytes", []string{"find . -size +100c"}},
	// Quoted words to print are printed.
	{`print "hello world"`, []string{"echo 'hello world'"}},
	{`print "hello" backwards`, []string{"echo 'hello' | rev"}},
	// Sorting one file sorts its lines.
	{"sort the file names.txt", []string{"sort names.txt"}},
	// One's own dot files are files in the home directory, not names to search for.
	{"change permissions of .bashrc and .profile to 644", []string{"chmod 644 ~/.bashrc ~/.profile"}},
	{"show my .bashrc", []string{"cat ~/.bashrc"}},
	{"chmod 600 .env", []string{"chmod 600 .env"}},
	{"delete all .gitignore files", []string{"find . -name '.gitignore' -exec rm {} \\;"}},
	// Owner and group at once.
	{"change the owner to bob and the group to staff of report.txt", []string{"chown bob:staff report.txt"}},
	{"recursively change owner of /srv to bob and group to www", []string{"chown -R bob:www /srv"}},
	{"change all directories under /srv to owner apache and group web", []string{"find /srv -type d -exec chown apache:web {} \\;"}},
	// Found files archived into the archive named; one file is tarred as itself.
	{"archive all java files into java.tar", []string{"find . -name '*.java' -print0 | tar -cvf java.tar --null -T -"}},
	{"tar up all the log files into logs.tar.gz", []string{"find . -name '*.log' -print0 | tar -czvf logs.tar.gz --null -T -"}},
	{"tar the file notes.txt", []string{"tar -czvf notes.txt.tar.gz notes.txt"}},
	// The mode to find and the mode to set.
	{"find all files with permission 400 in /data and change them to 755", []string{"find /data -type f -perm 400 -exec chmod 755 {} \\;"}},
	{"find all 777 permission directories and use chmod command to set permissions to 755", []string{"find . -type d -perm 777 -exec chmod 755 {} \\;"}},
	{"set all files under /srv to 644", []string{"find /srv -type f -exec chmod 644 {} \\;"}},
	// Broken links, however the sentence puts it.
	{"find all the symbolic links in the current folder that are broken", []string{"find . -type l -xtype l", "find . -xtype l"}},
	// Spaces in names, or in a file's text.
	{"replace spaces with underscores in all file names here", []string{`for f in *\ *; do mv -- "$f" "${f// /_}"; done`}},
	{"replace spaces with underscores in notes.txt", []string{"sed -i 's/ /_/g' notes.txt"}},
	{`search all files from the /tmp directory tree for the string "needle"`, []string{"grep -rn 'needle' /tmp"}},
}

func TestEverydayMined(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayMined {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
}
