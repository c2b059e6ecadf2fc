package offline

// everydayPrograms are the programs a request may get without naming them: the tools people reach for
// every day. An example of any other program is offered only when the request names it, so that
// "show processes i can kill" never becomes a niche tool's command.
var everydayPrograms = setOf(`
ls cp mv rm mkdir rmdir touch ln find xargs locate tree stat file du df free top htop ps pgrep pkill kill killall
nice renice uptime uname hostname whoami id groups who w last date cal sleep watch timeout nohup time env printenv
cat less more head tail wc sort uniq cut paste join tr sed awk grep rg egrep fgrep diff cmp comm patch tee column
nl rev tac shuf seq split fold fmt base64 md5sum sha1sum sha256sum sha512sum cksum basename dirname realpath readlink
chmod chown chgrp umask sudo su useradd usermod userdel groupadd passwd chpasswd
tar gzip gunzip zcat bzip2 bunzip2 xz unxz zip unzip 7z zstd
curl wget ssh scp sftp rsync ssh-keygen ssh-copy-id ssh-add ping traceroute dig nslookup host ip ifconfig ss netstat
lsof nc nmap tcpdump iptables ufw
systemctl journalctl service crontab shutdown reboot dmesg lsblk mount umount fdisk mkfs blkid lscpu lsusb lspci
apt apt-get apt-cache dpkg dnf yum pacman snap flatpak brew npm npx yarn pnpm pip pip3 pipx python python3 node go cargo
rustc gcc make cmake java
git docker docker-compose podman kubectl helm terraform ansible
ffmpeg ffprobe magick convert identify mogrify exiftool jq yq xmllint pandoc pdftk qpdf gs yt-dlp
sqlite3 psql mysql redis-cli openssl gpg tmux screen bc expr printf echo alias history which whereis type
defaults open pbcopy pbpaste say softwareupdate diskutil launchctl networksetup mdfind caffeinate sw_vers
xclip xdg-open notify-send timedatectl hostnamectl localectl nmcli iwconfig
`)
