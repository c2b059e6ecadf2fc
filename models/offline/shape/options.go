package shape

import (
	"strings"
	"sync"
)

// optionSpec is what reading a shape needs to know about a utility's options: which single-dash words are whole
// options rather than clusters of letters, and which options take the next word as their argument. The
// argument matters only when it starts with a dash (find -mtime -3, grep -e -x), since arguments are dropped.
type optionSpec struct {
	words map[string]bool
	args  map[string]bool
	newer bool // find's -newerXY family
}

func optionsOf(name string) optionSpec { return specs()[name] }

// specs is built from optionTable on first use: a program that links this package but reads no command
// (the offline engine only decodes the shapes its recall model stores) does not pay for it at start-up.
var specs = sync.OnceValue(func() map[string]optionSpec {
	m := make(map[string]optionSpec, len(optionTable))
	for name, t := range optionTable {
		o := optionSpec{words: set(t.words), args: set(t.args), newer: name == "find"}
		for w := range o.words {
			if strings.HasPrefix(w, "--") {
				panic("shape: long option in words of " + name)
			}
		}
		m[name] = o
	}
	return m
})

func set(fields string) map[string]bool {
	m := map[string]bool{}
	for _, f := range strings.Fields(fields) {
		m[f] = true
	}
	return m
}

const (
	findArgs = "-amin -anewer -atime -cmin -cnewer -ctime -fstype -gid -group -ilname -iname -inum -ipath " +
		"-iregex -iwholename -links -lname -mmin -mtime -name -newer -path -perm -regex -samefile -size -type " +
		"-uid -used -user -wholename -xtype -context -fls -fprint -fprint0 -fprintf -printf -maxdepth " +
		"-mindepth -regextype -files0-from"
	findFlags = "-empty -executable -false -nogroup -nouser -readable -true -writable -delete -ls -print " +
		"-print0 -prune -quit -daystart -depth -follow -help -ignore_readdir_race -mount " +
		"-noignore_readdir_race -noleaf -version -warn -nowarn -xdev -exec -execdir -ok -okdir"
	grepArgs = "-e -f -m -A -B -C -d -D --regexp --file --max-count --after-context --before-context " +
		"--context --include --exclude --exclude-dir --exclude-from --label --devices --directories --binary-files"
	sshArgs = "-b -c -D -E -e -F -I -i -J -L -l -m -O -o -p -Q -R -S -W -w"
)

// optionTable lists option facts for the utilities common in NL2Bash; the rest are parsed generically.
var optionTable = map[string]struct{ words, args string }{
	"find":       {findArgs + " " + findFlags, findArgs},
	"grep":       {"", grepArgs},
	"egrep":      {"", grepArgs},
	"fgrep":      {"", grepArgs},
	"zgrep":      {"", grepArgs},
	"xargs":      {"-0", "-I -n -L -P -d -s -E -a --max-args --max-lines --max-procs --delimiter --max-chars --eof --arg-file --process-slot-var"},
	"sudo":       {"", "-u -g -p -C -r -t -U -D -h --user --group --prompt --close-from --role --type --other-user --chdir --host"},
	"head":       {"", "-n -c --lines --bytes"},
	"tail":       {"", "-n -c -s --lines --bytes --sleep-interval --pid --max-unchanged-stats"},
	"sort":       {"", "-k -t -o -S -T --key --field-separator --output --buffer-size --temporary-directory --parallel --batch-size --files0-from --compress-program --sort --random-source"},
	"cut":        {"", "-d -f -c -b --delimiter --fields --characters --bytes --output-delimiter"},
	"uniq":       {"", "-f -s -w --skip-fields --skip-chars --check-chars"},
	"tar":        {"", "-f -C -T -X -b -N -g -H -K -L -V --file --directory --files-from --exclude-from --format --newer --after-date --listed-incremental --label --blocking-factor --tape-length --starting-file --owner --group --mode --mtime --use-compress-program"},
	"ls":         {"-1", "-I -w -T --ignore --hide --width --tabsize --format --sort --time --time-style --block-size --quoting-style --indicator-style"},
	"du":         {"", "-d -B -t -X --max-depth --block-size --threshold --exclude-from --time-style --files0-from"},
	"df":         {"", "-t -x -B --type --exclude-type --block-size"},
	"split":      {"", "-l -b -C -a -n --lines --bytes --line-bytes --suffix-length --number --additional-suffix --filter"},
	"mkdir":      {"", "-m --mode --context"},
	"rsync":      {"", "-e -f -T -B --rsh --exclude --include --exclude-from --include-from --files-from --filter --temp-dir --block-size --max-size --min-size --port --password-file --timeout --bwlimit --partial-dir --link-dest --compare-dest --copy-dest --backup-dir --suffix --chmod --chown --out-format --log-file --log-file-format --rsync-path --max-delete --modify-window"},
	"ssh":        {"", sshArgs},
	"scp":        {"", "-c -F -i -l -o -P -S -J"},
	"ps":         {"", "-o -p -u -U -g -G -t -C -O -q --sort --format --pid --ppid --user --group --cols --columns --lines --rows --width"},
	"kill":       {"", "-s -n"},
	"date":       {"", "-d -f -r --date --file --reference"},
	"touch":      {"", "-d -t -r --date --reference --time"},
	"cpio":       {"", "-H -E -F -I -O -R -M -C -D --format --pattern-file --file --owner --block-size --directory --message"},
	"diff":       {"", "-x -X -I -F -L -S -U -C --label --exclude --exclude-from --ignore-matching-lines --show-function-line --starting-file --unified --context --line-format --from-file --to-file --width -W --tabsize --horizon-lines --changed-group-format --unchanged-group-format --old-group-format --new-group-format"},
	"comm":       {"", "--output-delimiter"},
	"paste":      {"", "-d --delimiters"},
	"join":       {"", "-t -1 -2 -j -o -a -v -e"},
	"column":     {"", "-s -c -o -N -R -W -H -O -E -d -l -r -t -J -n -x -T"},
	"nl":         {"", "-b -d -f -h -i -l -n -s -v -w --body-numbering --section-delimiter --footer-numbering --header-numbering --line-increment --join-blank-lines --number-format --number-separator --starting-line-number --number-width"},
	"od":         {"", "-A -j -N -S -t -w --address-radix --skip-bytes --read-bytes --strings --format --width"},
	"fold":       {"", "-w --width"},
	"seq":        {"", "-f -s --format --separator"},
	"ln":         {"", "-S -t --suffix --target-directory"},
	"cp":         {"", "-S -t --suffix --target-directory"},
	"mv":         {"", "-S -t --suffix --target-directory"},
	"mount":      {"", "-t -o -O -L -U -N --types --options --test-opts --label --uuid"},
	"gzip":       {"", "-S --suffix"},
	"gunzip":     {"", "-S --suffix"},
	"ping":       {"", "-c -i -I -s -t -W -w -p -l -Q -m -M"},
	"dig":        {"", "-b -c -f -k -p -q -t -x -y"},
	"watch":      {"", "-n --interval"},
	"top":        {"", "-d -n -p -u -U -o -w"},
	"crontab":    {"", "-u"},
	"tree":       {"", "-L -P -I -o --filelimit --timefmt --charset --sort"},
	"env":        {"", "-u -C -S --unset --chdir --split-string"},
	"file":       {"", "-m -f -F -P --magic-file --files-from --separator"},
	"basename":   {"", "-s --suffix"},
	"ssh-keygen": {"", "-a -b -C -D -E -F -f -G -I -J -j -K -M -N -n -O -P -R -r -S -T -t -V -w -Y -Z -z"},
	"read":       {"", "-a -d -i -n -N -p -t -u"},
	"mktemp":     {"", "-p --tmpdir --suffix"},
	"shred":      {"", "-n -s --iterations --size --random-source"},
	"tac":        {"", "-s --separator"},
	"history":    {"", "-d"},
	"man":        {"", "-M -S -C -L -m -P -R -E"},
	"apropos":    {"", "-s -m -M -L -C"},
	"bind":       {"", "-m -f -q -u -r -x"},
	"chown":      {"", "--reference --from"},
	"chgrp":      {"", "--reference"},
	"chmod":      {"", "--reference"},
	"tee":        {"", ""},
	"wc":         {"", "--files0-from"},
	"tr":         {"", ""},
	"pstree":     {"", ""},
	"su":         {"", "-c -g -G -s --command --group --supp-group --shell --session-command"},
	"curl":       {"", "-o -d -H -X -u -A -e -F -T -b -c -m -x -w -K -r -E --output --data --header --request --user --user-agent --referer --form --upload-file --cookie --cookie-jar --max-time --proxy --write-out --config --range --cert --connect-timeout --retry"},
	"wget":       {"", "-O -o -a -P -t -T -w -U -e -i -l --output-document --output-file --append-output --directory-prefix --tries --timeout --wait --user-agent --execute --input-file --level --post-data --header --user --password"},
}
