package safety

import "testing"

// TestIndirectWriters covers data destroyed without a delete: archivers and copiers onto disks, files
// emptied in place, rsync --delete into a person's directories, find -delete among credentials and
// in-place edits of system files.
func TestIndirectWriters(t *testing.T) {
	runRiskCases(t, []riskCase{
		// Onto block devices.
		{"tar cf /dev/sda /etc", Critical, "disk.write-device"},
		{"tar -czvf /dev/nvme0n1 .", Critical, "disk.write-device"},
		{"tar --create --file=/dev/sdb1 src", Critical, "disk.write-device"},
		{"find . | cpio -o > /dev/sdb", Critical, "disk.write-device"},
		{"find . | cpio -o -O /dev/sda", Critical, "disk.write-device"},
		{"cp disk.img /dev/sdb", Critical, "disk.write-device"},
		{"rsync -a image.iso /dev/sdc", Critical, "disk.write-device"},
		{"cat image.iso | sudo tee /dev/sda > /dev/null", Critical, "disk.write-device"},
		{"ddrescue image.img /dev/sda", Critical, "disk.write-device"},
		{"dcfldd if=x.img of=/dev/sdb", Critical, "disk.write-device"},
		{"tar -xf backup.tar -C /", High, "fs.extract-root"},
		// Emptied in place.
		{"truncate -s 0 ~/.bashrc", High, "fs.empty-file"},
		{"truncate -s 0 ~/Documents/thesis.docx", High, "fs.empty-file"},
		{"truncate --size=0 app.sqlite3", High, "fs.empty-file"},
		{"truncate -s0 /var/lib/mysql/ibdata1", High, "fs.empty-file"},
		{"cp /dev/null ~/notes.txt", High, "fs.empty-file"},
		{"cp /dev/null /etc/hosts", High, "fs.empty-file"},
		{"> ~/.gitconfig", High, "fs.empty-file"},
		{": > production.db", High, "fs.empty-file"},
		{"cat /dev/null > ~/Documents/report.md", High, "fs.empty-file"},
		{"echo -n > ~/.ssh/config", High, ""},
		{"dd if=/dev/zero of=~/.bashrc", High, "fs.empty-file"},
		{"dd if=/dev/urandom of=~/Documents/thesis.docx bs=1k count=10", High, "fs.empty-file"},
		{"cat /dev/urandom > ~/notes.txt", High, "fs.empty-file"},
		{"yes > app.db", High, "fs.empty-file"},
		{"mv /dev/null ~/.bashrc", High, "fs.empty-file"},
		{"tee ~/.gitconfig < /dev/null", High, "fs.empty-file"},
		{"shred -u ~/Documents/*", High, "fs.shred"},
		{"find ~/Documents -type f -exec shred -u {} \\;", High, "fs.shred"},
		{"zstd -d image.zst -o /dev/sdc", Critical, "disk.write-device"},
		// In-place edits by other tools.
		{"perl -pi -e 's/.*//' /etc/passwd", Critical, "fs.edit-system"},
		{"perl -i -pe 's/^/#/' /etc/fstab", Critical, "fs.edit-system"},
		{"awk -i inplace '{print \"\"}' /etc/hosts", High, "fs.edit-system"},
		{"ruby -i -pe 'gsub(/a/, \"b\")' /etc/resolv.conf", High, "fs.edit-system"},
		// rsync --delete into a person's directories.
		{"rsync -a --delete empty/ ~/Documents/", High, "fs.rsync-delete"},
		{"rsync -av --delete /tmp/empty/ /home/u/projects/", High, "fs.rsync-delete"},
		{"cd ~ && rsync -a --delete /tmp/empty/ Pictures/", High, "fs.rsync-delete"},
		// find -delete among credentials.
		{"find ~/.ssh -type f -delete", High, "fs.rm-credentials"},
		{"find ~/.ssh -name 'id_*' -delete", High, "fs.rm-credentials"},
		{"find ~/.gnupg -delete", High, "fs.rm-credentials"},
		{"find $HOME/.aws -name credentials -exec rm {} \\;", High, "fs.rm-credentials"},
		{"rm ~/.ssh/id_ed25519", High, "fs.rm-credentials"},
		// In-place edits of system files.
		{"sed -i 's/.*//' /etc/hosts", High, "fs.edit-system"},
		{"sudo sed -i '1,$d' /etc/resolv.conf", High, "fs.edit-system"},
		{"sed -i 's/enforcing/disabled/' /etc/selinux/config", Critical, "fs.edit-system"},
		{"sed -i -e 's/^root:[^:]*:/root::/' /etc/shadow", Critical, "fs.edit-system"},
		// Benign look-alikes.
		{"tar czf backup.tgz ~/Documents", Safe, ""},
		{"tar -xzf go.tar.gz -C /usr/local", Safe, ""},
		{"tar tf /dev/st0", Safe, ""},
		{"dd if=/dev/sda of=disk.img", Safe, ""},
		{"> out.log", Safe, ""},
		{": > app.log", Safe, ""},
		{"echo hello > notes.txt", Safe, ""},
		{"truncate -s 1G disk.img", Moderate, ""},
		{"cp /dev/null /tmp/empty", Safe, ""},
		{"rsync -a --delete src/ build/", Safe, ""},
		{"rsync -a --delete src/ dest/", Moderate, "fs.rsync-delete"},
		{"find . -name '*.pyc' -delete", Safe, ""},
		{"find ~/.ssh -name '*.pub'", Safe, ""},
		{"ssh-keygen -y -f ~/.ssh/id_rsa > ~/.ssh/id_rsa.pub", Safe, ""},
		{"cp ~/.ssh/config ~/.ssh/config.bak", Safe, ""},
		{"rm ~/.ssh/known_hosts.old", Moderate, "fs.rm-file"},
		{"sed -i 's/a/b/' config.yaml", Safe, ""},
		{"sed -n '1,5p' /etc/hosts", Safe, ""},
		{"perl -pi -e 's/foo/bar/' notes.txt", Safe, ""},
		{"dd if=/dev/zero of=test.img bs=1M count=10", Safe, ""},
		{"cat /dev/urandom | head -c 16 | base64", Safe, ""},
		{"shred -u old-notes.md", Moderate, "fs.shred"},
	})
}

// TestAntiForensics covers erasing the record of what happened: shell history, the journal and logs.
func TestAntiForensics(t *testing.T) {
	runRiskCases(t, []riskCase{
		{"history -c", High, "forensics.history"},
		{"history -c && history -w", High, "forensics.history"},
		{"rm -f ~/.bash_history", High, "forensics.history"},
		{"shred -u ~/.zsh_history", High, "forensics.history"},
		{"> ~/.bash_history", High, "forensics.history"},
		{"cat /dev/null > ~/.bash_history", High, "forensics.history"},
		{"ln -sf /dev/null ~/.bash_history", High, "forensics.history"},
		{"unset HISTFILE", High, "forensics.history"},
		{"export HISTFILE=/dev/null", High, "forensics.history"},
		{"HISTSIZE=0 bash", High, "forensics.history"},
		{"set +o history", High, "forensics.history"},
		{"journalctl --vacuum-time=1s", High, "forensics.journal"},
		{"sudo journalctl --rotate && sudo journalctl --vacuum-size=1K", High, "forensics.journal"},
		{"journalctl --vacuum-files=1", High, "forensics.journal"},
		{"truncate -s 0 /var/log/*.log", High, "forensics.logs"},
		{"> /var/log/auth.log", High, "forensics.logs"},
		{"echo > /var/log/wtmp", High, ""},
		{"cat /dev/null > /var/log/lastlog", High, "forensics.logs"},
		{"rm -f /var/log/auth.log*", High, "forensics.logs"},
		{"shred -u /var/log/syslog", High, "forensics.logs"},
		{"find /var/log -type f -exec truncate -s 0 {} \\;", High, "forensics.logs"},
		{"find /var/log -name '*.log' -delete", High, "forensics.logs"},
		{"wevtutil cl System", High, "forensics.logs"},
		// Benign look-alikes.
		{"history", Safe, ""},
		{"history | grep ssh", Safe, ""},
		{"history -d 1005", Moderate, "forensics.history"},
		{"journalctl --vacuum-time=2weeks", Moderate, "sys.logs"},
		{"journalctl --vacuum-size=500M", Moderate, "sys.logs"},
		{"journalctl -u nginx --since today", Safe, ""},
		{"tail -f /var/log/syslog", Safe, ""},
		{"grep -c error /var/log/nginx/error.log", Safe, ""},
		{"echo $HISTFILE", Safe, ""},
		{"export HISTSIZE=10000", Safe, ""},
		{"dmesg | tail", Safe, ""},
	})
}
