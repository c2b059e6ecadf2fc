package offline

import (
	"strings"
	"testing"

	"github.com/cmdai/cmdai/models"
)

// Requests that describe files by the permissions they have, keep an output in a variable, or mention a
// user, a host name or a kill word in passing. The catalogue answered them sure and wrong, most of them
// dangerously (a search for SUID files answered `sudo chmod g+s /`); they were found by reading its sure
// answers to NL2Bash's train split, and are tested here in that wording and in everyday words.
var foundByPermissions = []struct {
	prompt string
	want   []string
}{
	{"Find all regular files under current directory non-recursively that have execute permission set for all (user, group and other)", []string{"find . -maxdepth 1 -type f -perm -111"}},
	{"Search the current directory recursively for directories with the execute permission set for everybody", []string{"find . -type d -perm -111"}},
	{"Show all files in user's home directory that have read, write and execute permissions set for user, group and others.", []string{"find ~ -perm -777"}},
	{"find all the files in the current folder which have execute permission to all the users", []string{"find . -perm -111"}},
	{"find files which have all permissions to all the users in the current directory", []string{"find . -perm -777"}},
	{"Search the /myfiles directory tree for regular files with read and write permissions set for others", []string{"find /myfiles -type f -perm -o+rw"}},
	{"which files under /srv have write permission for others", []string{"find /srv -perm -o+w"}},
	{"list the scripts in ./bin that do not have execute permission for the user", []string{"find ./bin ! -perm -u+x"}},
	{"find the php files here which do not have the permission 644", []string{"find . -name '*.php' ! -perm 644"}},
	{"Change permission to 755 of all files/directories under current directory tree that have 777 permission", []string{"find . -perm 777 -exec chmod 755 {} \\;"}},
	{"find files with permission 644 and change them to 755", []string{"find . -type f -perm 644 -exec chmod 755 {} \\;"}},
	{"give group write permission to shared.txt", []string{"chmod g+w shared.txt"}},
	{"Add read permission for 'other' for all files/directories named 'rc.conf' under current directory tree", []string{"find . -name 'rc.conf' -exec chmod o+r {} \\;"}},
	{"all .jpg or .png images modified in the past week", []string{`find . \( -name '*.jpg' -o -name '*.png' \) -mtime -7`}},
	{"Find files/directories writable by group or others under the /path directory", []string{"find /path -perm /g+w,o+w"}},
	{"find files in /srv writable by others", []string{"find /srv -perm -o+w"}},
	{"the uploads dir needs to be writable by the group, and everything inside it too", []string{"chmod -R g+w uploads"}},
	{"Find files/directories that have no owner or group under /path", []string{`find /path \( -nouser -o -nogroup \)`}},
	{"find files with no valid owner", []string{`find . \( -nouser -o -nogroup \)`}},
	{"Find links to file path/to/foo.txt", []string{"find . -samefile path/to/foo.txt"}},
	{"List all SGID and SUID files in entire file system", []string{`find / \( -perm -2000 -o -perm -4000 \)`}},
	{"find setuid files under /usr/bin", []string{"find /usr/bin -perm -4000"}},
	{"display all the files in the folder /Users/Me/Desktop which have read permission to them", []string{"find /Users/Me/Desktop -readable"}},
	{"Change every directory under /var/www/html/ to have permissions 775", []string{"find /var/www/html/ -type d -exec chmod 775 {} \\;"}},
	{"make all the .sh files executable", []string{"find . -name '*.sh' -exec chmod +x {} \\;"}},
}

var foundInVariables = []struct {
	prompt string
	want   []string
}{
	{"save the current git branch in a variable called branch", []string{"branch=$(git branch --show-current)"}},
	{"store today's date in a variable named today", []string{"today=$(date)"}},
	{"Counts number of processors and saves in variable NUMCPU.", []string{"NUMCPU=$(nproc)"}},
	{"Set variable \"architecture\" to machine architecture, ie. x86_64", []string{"architecture=$(uname -m)"}},
	{"Saves listing of a current folder in 'var' variable.", []string{"var=$(ls)"}},
	{"Creates 5-letter random file name and saves it in 'rand_str' variable.", []string{"rand_str=$(mktemp --dry-run)"}},
	{"give me a random file name but don't create the file", []string{"mktemp --dry-run"}},
	{"Set the environment variable FOO to bar", []string{"export FOO=bar"}},
	{"kill all background processes", []string{"kill $(jobs -p)"}},
	{"Count number of lines in \"Sample_51770BL1_R1.fastq.gz\"", []string{"zcat Sample_51770BL1_R1.fastq.gz | wc -l"}},
	{"search access.log.2.gz for 404", []string{"zgrep '404' access.log.2.gz"}},
	{"show the first 20 lines of syslog.1.gz", []string{"zcat syslog.1.gz | head -n 20"}},
	{"Print only unique lines in files 'set1' and 'set2'", []string{"sort set1 set2 | uniq"}},
	{"sort a.txt and b.txt together and remove duplicates", []string{"sort a.txt b.txt | uniq"}},
	{"Copy permissions from \"version2/somefile\" to \"version1/somefile\"", []string{"chmod --reference=version2/somefile version1/somefile"}},
	{"give b.txt the same permissions as a.txt", []string{"chmod --reference=a.txt b.txt"}},
	{"is /mnt/backup a mount point?", []string{"mountpoint /mnt/backup"}},
	{"Make directories for each line in \"folder_list.txt\"", []string{"xargs -I{} mkdir -p -- {} < folder_list.txt"}},
	{"create a folder for each name listed in names.txt", []string{"xargs -I{} mkdir -p -- {} < names.txt"}},
	{"login as user root", []string{"su - root"}},
	{"login as user postgres", []string{"su - postgres"}},
	{"connect to postgres as user report", []string{"psql -U report -d report"}},
	{"Write \"error\" to standard output", []string{"echo 'error'"}},
	{"Print the second line of output of \"ls -l\"", []string{"ls -l | sed -n '2p'"}},
	{"Remove everything in a current folder prompting user on each action.", []string{"rm -ri ./*"}},
	{"tar up the project folder excluding hidden files", []string{"tar -czf project.tar.gz --exclude='.*' project"}},
	{"zip the docs folder without the hidden files", []string{"zip -r docs.zip docs -x '*/.*'"}},
	{"Search the current directory tree for regular files modified within the past 24 hours whose names do not end with .DS_Store", []string{"find . -type f ! -name '*.DS_Store' -mtime -1"}},
	{"kill every process whose command line matches 'celery worker'", []string{"pkill -f 'celery worker'"}},
	{"delete the user bob along with his home directory", []string{"sudo userdel -r bob"}},
	{"change the hostname to web02", []string{"sudo hostnamectl set-hostname web02"}},
	{"create a user named bob", []string{"sudo useradd -m bob"}},
}

func TestFoundByPermissions(t *testing.T) {
	e := testEngine(t)
	for _, tc := range foundByPermissions {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
}

func TestFoundInVariables(t *testing.T) {
	e := testEngine(t)
	for _, tc := range foundInVariables {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
	// A variable the request reads from is no variable to keep an output in.
	neverOffered(t, e, []struct{ prompt, never string }{
		{"Get second line from text contained in variable $data.", "data=$(sed -n '2p')"},
	})
	// A command that changes files is never run inside a variable's $( ).
	for _, cmd := range []string{"find . -name '*.sh' -exec chmod +x {} \\;", "find . -name '*.tmp' -delete", "sed -i 's/a/b/g' f.txt", "ls | xargs rm", "echo hi | tee log.txt", "tail -f app.log"} {
		if printsOutput(cmd) {
			t.Errorf("printsOutput(%q) = true", cmd)
		}
	}
	for _, cmd := range []string{"git branch --show-current", "date", "find . -name '*.go'", "ps aux | grep nginx"} {
		if !printsOutput(cmd) {
			t.Errorf("printsOutput(%q) = false", cmd)
		}
	}
}

// TestNeverChangesMoreThanAsked pins requests that change the owner, group or mode of only some files
// (those owned by someone, those in a group, the directories of a tree): the catalogue changed all of
// them, or the folder itself.
func TestNeverChangesMoreThanAsked(t *testing.T) {
	neverOffered(t, testEngine(t), []struct{ prompt, never string }{
		{"Change the ownership to eva for all files/directories that belong to the user 'george' in the entire file system", "sudo chown -R eva:eva /"},
		{"Change the ownership to the user daisy for all directories under current directory that are owned by harry", "sudo chown -R daisy:daisy ."},
		{"Change the group to `temp' for all files in the current directory tree that belong to group `root'", "chgrp temp ."},
		{"Give all directories in the /path/to/base/dir tree read and execute privileges", "chmod a+x /path/to/base/dir"},
		{"Set the setgid bit on all directories in the repository \"/git/our_repos\"", "sudo chmod g+s ."},
		{"Add read permission for 'other' for all files/directories named 'rc.conf' under current directory tree", "chmod a+r ."},
	})
}

// TestNeverRunsInPassing pins requests whose words once ran a program they only mention: none may offer
// a command that runs it.
func TestNeverRunsInPassing(t *testing.T) {
	e := testEngine(t)
	for _, tc := range []struct{ prompt, program string }{
		{"Search the entire system for SUID or SGID files", "chmod"},
		{"Search the current directory recursively for directories with the execute permission set for everybody", "chmod"},
		{"Find all the SGID bit files whose permissions set to 644", "chmod"},
		{"show me every file under /var/www that has write permission for others", "chmod"},
		{"Change directory to the directory containing the executable file of command \"oracle\"", "chmod"},
		{"find files which have all permissions to all the users in the current directory", "cut"},
		{"Recursively removes 'classes' folder, prompting user on each deletion.", "userdel"},
		{"Delete all files/directories named 'sample' (case insensitive) under '/home/user/Series/' directory tree as super user", "userdel"},
		{"Add content of \"filename\" to the existing cron jobs of user \"user\", without removing the previously existing cron jobs.", "rm"},
		{"Add content of \"filename\" to the existing cron jobs of user \"user\", without removing the previously existing cron jobs.", "userdel"},
		{"Print all user names and terminals of users who are logged in", "useradd"},
		{"Set the environment variable \"DISPLAY\" to the system host name followed by \":0 skype\"", "hostnamectl"},
		{"Run 'make -e' with an environment variable 'HOSTNAME' set to the system hostname", "hostnamectl"},
		{"Set prompt to the system host name and history number", "hostnamectl"},
		{"Set the host name to the contents of \"/etc/hostname\"", "hostnamectl"},
		{"Print all files/directories under ... directory by terminating their paths with a null character", "pkill"},
		{"Copy a file xyz.c to all directories or over all files matching the letter 'c' at the end of their names under current directory tree", "pkill"},
		{"Print all directories under $root appending a : (colon) at the end of each path without descending into directories matching the pattern .[a-z]*", "pkill"},
		{"Remove lines matching \"kpt#\" from \"data.txt\" and add left-justified line numbers", "sed"},
		{"find all directories with the name \"lib64\" in the usr folder and replace space with ':'", "sed"},
		{"Create compressed archive from \"my_large_file_1\" and \"my_large_file_2\" and split into files of size 1024 MiB with prefix \"myfiles_split.tgz_\"", "truncate"},
		{"find all the files in the file system that start with \"win\" and searched only in the mounted file systems", "docker"},
		{"Search the current directory tree for regular files modified within the past 24 hours whose names do not end with .DS_Store", "git"},
		{"search for all the files in the entire file system which have either suid or sgid bit enabled and find of diff of these files with the file files.secure", "diff"},
		{"Find all files under /path and below writable by `group' and `other'", "grep"},
		{"Overwrite file report.txt with random content, showing progress while execution.", "find"},
		{"Get domain \"$domain\" IP address", "ip"},
		{"List the full path of each directory in the current working directory", "tr"},
		{"Print A record for domain 'domain.' from 8.8.8.8 nameserver", "resolvectl"},
		{"Create a new directory \"existing-dir/new-dir/\" on host \"node\"", "mkdir"},
		{"login as user postgres", "psql"},
		{"display all the ip addresses in all the files that are present in /etc folder", "ip"},
		{"Find deb packages in the current directory recursively", "apt"},
		{"all .jpg or .png images modified in the past week", "docker"},
		{"display long listing of all the files that have been changed in the last 4 days, daystart is used to compare from the starting of day i.e, at 00:00", "at"},
		{"display all the files in the current folder which are bigger than 100MB and save the output list to the file /root/big.txt", "tee"},
		{"Search the current directory tree for files modified less than 5 days ago", "git"},
		{"list all java file that StringBuff in context.", "kubectl"},
		{"Forward port 12345 bound on 'localhost' to port 12345 on 'otherHost' as user 'otherUser'", "lsof"},
		{"Opens gawk info manual and goes to command-line options node.", "kubectl"},
		{"Prints information about user $euids currently on machine and its processes, without printing header.", "git"},
		{"List each subdirectory name composing the current working directory", "docker"},
		{"Set timestamp of all PHP files in current directory to date specified.", "export"},
		{"Copy recursively \"tata/\" to \"tata2/\" and remove read, write, and execute permission for other", "chmod"},
		{"Check whether \"$path_in_question\" is a mount point", "mount"},
		{"Copy permissions from \"version2/somefile\" to \"version1/somefile\"", "cp"},
	} {
		c := e.Candidates(models.Request{Prompt: tc.prompt, OS: "linux", Shell: "bash"}, 1)
		if len(c) > 0 && Offered(c[0]) && runsWord(c[0].Command, tc.program) {
			t.Errorf("%q offers %q, which runs %s", tc.prompt, c[0].Command, tc.program)
		}
	}
}

// runsWord reports whether a stage of cmd, or a command find -exec runs, starts with program.
func runsWord(cmd, program string) bool {
	for _, f := range strings.FieldsFunc(cmd, func(r rune) bool { return r == '|' || r == ';' || r == '&' || r == '(' }) {
		w := strings.Fields(f)
		for i, x := range w {
			if (i == 0 || w[i-1] == "sudo" || w[i-1] == "-exec" || w[i-1] == "xargs") && x == program {
				return true
			}
		}
	}
	return false
}
