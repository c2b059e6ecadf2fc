package safety

import (
	"path"
	"strings"
)

// pathKind is how much a path matters, from throwaway to the whole system.
type pathKind int

const (
	pathOrdinary  pathKind = iota
	pathNull               // /dev/null, /dev/stdout and friends
	pathArtefact           // build output, caches, compiled files: regenerated on demand
	pathTemp               // under /tmp
	pathProject            // ., .., * : the whole working tree
	pathGit                // a repository's .git
	pathSystemSub          // something inside a system directory
	pathDotfile            // a personal configuration file (~/.bashrc)
	pathSensitive          // credentials and the files that decide who may log in (/etc/shadow, ~/.ssh)
	pathSystem             // a system directory itself, or all of its content
	pathHome               // a home directory, or all of its content
	pathRoot               // / or all of its content
	pathDevice             // a disk or memory device
)

var systemDirs = setOf("/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/libx32", "/opt",
	"/proc", "/sbin", "/srv", "/sys", "/usr", "/var", "/snap", "/System", "/Library", "/Applications",
	"/private", "/nix", "/efi", "/usr/bin", "/usr/sbin", "/usr/lib", "/usr/lib64", "/usr/lib32",
	"/usr/share", "/usr/include", "/usr/libexec", "/usr/local/bin", "/usr/local/lib", "/var/lib", "/var/log",
	"/var/spool", "/var/mail", "/var/www", "/var/opt", "/var/backups", "/var/db", "/boot/efi", "/etc/ssh",
	"/etc/pam.d", "/etc/systemd", "/etc/init.d", "/etc/default", "/etc/security", "/etc/sudoers.d",
	"/lib/modules", "/usr/lib/modules", "/System/Library", "/private/etc", "/private/var", "/mnt", "/media",
	"/lost+found", "/run", "/sys/firmware", "/var/lib/dpkg", "/var/lib/rpm", "/var/lib/apt", "/var/lib/mysql",
	"/var/lib/postgresql", "/var/lib/docker")

var sensitiveFiles = setOf("/etc/passwd", "/etc/shadow", "/etc/group", "/etc/gshadow", "/etc/sudoers",
	"/etc/fstab", "/etc/ld.so.preload", "/etc/ld.so.conf", "/etc/ssh/sshd_config", "/etc/crontab",
	"/etc/profile", "/etc/bash.bashrc", "/etc/environment", "/etc/login.defs", "/etc/inittab",
	"/etc/master.passwd", "/etc/pam.conf", "/etc/nsswitch.conf", "/etc/hosts.allow", "/etc/hosts.deny",
	"/etc/security/access.conf", "/etc/doas.conf", "/etc/machine-id", "/boot/grub/grub.cfg",
	"/boot/grub2/grub.cfg", "/etc/default/grub", "/etc/selinux/config", "/etc/rc.local", "/etc/shells", "/etc/apt/sources.list", "/etc/systemd/system.conf")

// sensitiveDirs hold files where any write or deletion matters as much as the sensitive files.
var sensitiveDirs = []string{"/etc/sudoers.d/", "/etc/pam.d/", "/etc/cron.d/", "/etc/security/", "/boot/",
	"/etc/profile.d/", "/etc/ssh/", "/var/spool/cron/", "/etc/systemd/system/", "/etc/init.d/",
	"/etc/update-motd.d/", "/etc/apt/sources.list.d/", "/etc/ld.so.conf.d/", "/etc/modprobe.d/",
	"/lib/systemd/system/", "/usr/lib/systemd/system/", "/root/.ssh/"}

var homeSensitive = setOf(".ssh", ".gnupg", ".ssh/authorized_keys", ".ssh/id_rsa", ".ssh/id_ed25519",
	".ssh/id_ecdsa", ".ssh/id_dsa", ".ssh/config", ".aws", ".aws/credentials", ".kube", ".kube/config",
	".password-store", ".local/share/keyrings", ".docker/config.json", ".netrc", ".git-credentials",
	".config/gcloud", ".azure", ".gnupg/private-keys-v1.d", ".pki", ".mozilla", ".thunderbird")

var homeDotfiles = setOf(".bashrc", ".bash_profile", ".profile", ".zshrc", ".zprofile", ".zshenv",
	".bash_login", ".bash_logout", ".login", ".cshrc", ".tcshrc", ".inputrc", ".gitconfig", ".vimrc",
	".tmux.conf", ".config/fish/config.fish", ".xinitrc", ".xprofile", ".npmrc", ".pypirc",
	".bash_history", ".zsh_history", ".config", ".local", ".local/share", ".local/bin", "bin", ".ssh/known_hosts",
	".config/autostart", ".crontab")

// artefacts are names whose content a build or tool regenerates.
var artefacts = setOf("build", "dist", "target", "node_modules", "__pycache__", ".cache", "out", "coverage",
	".pytest_cache", ".mypy_cache", ".ruff_cache", ".next", ".nuxt", ".tox", ".nox", ".venv", "venv", "env",
	".gradle", ".parcel-cache", ".turbo", ".svelte-kit", ".eslintcache", ".angular", "tmp", "temp", ".tmp",
	"_build", "obj", "cmake-build-debug", "cmake-build-release", ".terraform", "htmlcov", ".coverage",
	"bower_components", ".sass-cache", "DerivedData", ".build", "deps", "_site", ".docusaurus", ".expo",
	".webpack", "storybook-static", "public/build", ".serverless", "logs", "log", ".idea", ".vs", ".DS_Store",
	"Thumbs.db", "vendor/bundle", ".bundle", "pkg", "bin/Debug", "bin/Release", ".dart_tool", ".pub-cache",
	"site", ".hypothesis", ".ipynb_checkpoints", "nohup.out", "package-lock.json", "yarn.lock", "Cargo.lock",
	"go.sum", ".stack-work", "dist-newstyle", "elm-stuff", ".cpcache", ".shadow-cljs", ".lsp", ".clj-kondo")

// artefactExts are compiler and tool output; logs, backups and downloads are not here on purpose: people
// care about those.
var artefactExts = []string{".pyc", ".pyo", ".o", ".obj", ".class", ".egg-info", ".gcda", ".gcno",
	".tsbuildinfo", ".elc", ".hi", ".dyn_o", ".dyn_hi"}

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// trimAll strips the suffixes that mean "everything inside": /, /*, /., /.*, and returns whether one was
// present.
func trimAll(p string) (string, bool) {
	all := false
	for {
		switch {
		case strings.HasSuffix(p, "/*"), strings.HasSuffix(p, "/."), strings.HasSuffix(p, "/{*,.*}"):
			p = p[:strings.LastIndexByte(p, '/')]
			all = true
		case strings.HasSuffix(p, "/.*"), strings.HasSuffix(p, "/**"):
			p = p[:len(p)-3]
			all = true
		case len(p) > 1 && strings.HasSuffix(p, "/"):
			p = p[:len(p)-1]
		default:
			if p == "" {
				p = "/"
			}
			return p, all
		}
	}
}

// classifyPath says what kind of place p (a resolved, static path) is; home is the user's home directory.
func classifyPath(p, home string) pathKind {
	if p == "" {
		return pathOrdinary
	}
	if strings.HasPrefix(p, "/dev/") {
		return classifyDev(p)
	}
	if p[0] == '/' || p[0] == '~' {
		p = strings.ReplaceAll(p, "//", "/")
	}
	if p == "~" || strings.HasPrefix(p, "~/") {
		p = home + p[1:]
	}
	if q, ok := climb(p); ok {
		p = q
	}
	base, all := trimAll(p)
	if base[0] == '/' {
		base = path.Clean(base)
	}
	switch base {
	case "/", "/..":
		return pathRoot
	case ".", "..", "*", "./*", ".*", "../..", "../*", "./.*", "**", ".[!.]*", "*.*":
		return pathProject
	}
	if base == home || base == "/home" || base == "/root" || base == "/Users" || isUserHome(base) {
		return pathHome
	}
	if isArtefact(p) {
		return pathArtefact
	}
	if base == ".git" || strings.HasSuffix(base, "/.git") {
		return pathGit
	}
	if rel, ok := strings.CutPrefix(base, home+"/"); ok {
		if homeSensitive[rel] {
			return pathSensitive
		}
		if homeDotfiles[rel] {
			return pathDotfile
		}
		if rel == ".git" {
			return pathGit
		}
		if inSensitiveDir(rel) {
			return pathSensitive
		}
		return pathOrdinary
	}
	if base[0] != '/' {
		return pathOrdinary
	}
	if base == "/tmp" || base == "/var/tmp" || base == "/dev/shm" {
		if all {
			return pathTemp
		}
		return pathSystemSub
	}
	if strings.HasPrefix(base, "/tmp/") || strings.HasPrefix(base, "/var/tmp/") || strings.HasPrefix(base, "/dev/shm/") {
		if len(home) > 1 && strings.Contains(base, home) {
			return pathOrdinary // /tmp/$HOME: not scratch, whatever the prefix suggests
		}
		return pathTemp
	}
	if systemDirs[base] {
		return pathSystem
	}
	if sensitiveFiles[base] {
		return pathSensitive
	}
	for _, d := range sensitiveDirs {
		if strings.HasPrefix(base+"/", d) && base+"/" != d {
			return pathSensitive
		}
	}
	if strings.HasPrefix(base, "/root/") || strings.HasPrefix(base, "/home/") || strings.HasPrefix(base, "/Users/") {
		_, rel, _ := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(base, "/root/"), "/home/"), "/Users/"), "/")
		if strings.HasPrefix(base, "/root/") {
			rel = strings.TrimPrefix(base, "/root/")
		}
		if homeSensitive[rel] || inSensitiveDir(rel) && !homeDotfiles[rel] {
			return pathSensitive
		}
		if homeDotfiles[rel] {
			return pathDotfile
		}
		return pathOrdinary
	}
	if i := strings.IndexByte(base[1:], '/'); i >= 0 && systemDirs[base[:i+1]] {
		return pathSystemSub
	}
	if strings.Count(base, "/") == 1 {
		// An unknown top-level directory (/data, /backup): treat it as part of the system.
		return pathSystemSub
	}
	return pathOrdinary
}

// minClimb is the number of leading .. that, from wherever a command runs, reach / or nearly: a
// working directory is rarely deeper than /home/user/project.
const minClimb = 3

// climb turns a relative path that starts with at least minClimb .. into the absolute path it most
// likely reaches: ../../../etc is /etc.
func climb(p string) (string, bool) {
	if p == "" || p[0] == '/' {
		return p, false
	}
	n, i := 0, 0
	for i < len(p) {
		j := strings.IndexByte(p[i:], '/')
		part := p[i:]
		if j >= 0 {
			part = p[i : i+j]
		}
		if part == ".." {
			n++
		} else if part != "." && part != "" {
			break
		}
		if j < 0 {
			i = len(p)
			break
		}
		i += j + 1
	}
	if n < minClimb {
		return p, false
	}
	return "/" + p[i:], true
}

// sensitiveHomeDirs hold keys and credentials: everything inside them is sensitive (~/.ssh/id_*).
var sensitiveHomeDirs = []string{".ssh/", ".gnupg/", ".aws/", ".kube/", ".password-store/", ".config/gcloud/",
	".azure/", ".local/share/keyrings/", ".pki/", ".docker/"}

// inSensitiveDir reports a path, relative to a home directory, inside one of sensitiveHomeDirs, other
// than public keys and copies (~/.ssh/id_rsa.pub, ~/.ssh/config.bak), which hold nothing secret.
func inSensitiveDir(rel string) bool {
	base := path.Base(rel)
	for _, ext := range []string{".pub", ".bak", ".backup", ".old", ".orig", ".sample"} {
		if strings.HasSuffix(base, ext) {
			return false
		}
	}
	if strings.HasPrefix(base, "known_hosts") {
		return false
	}
	for _, d := range sensitiveHomeDirs {
		if strings.HasPrefix(rel, d) {
			return true
		}
	}
	return false
}

func isUserHome(p string) bool {
	for _, pre := range []string{"/home/", "/Users/"} {
		if rest, ok := strings.CutPrefix(p, pre); ok && rest != "" && !strings.Contains(rest, "/") {
			return true
		}
	}
	return false
}

// classifyDev tells block devices, which hold file systems, from harmless pseudo-devices.
func classifyDev(p string) pathKind {
	name := strings.TrimPrefix(p, "/dev/")
	switch {
	case name == "null" || name == "zero" || name == "stdout" || name == "stderr" || name == "stdin" ||
		name == "random" || name == "urandom" || name == "full" || strings.HasPrefix(name, "tty") ||
		strings.HasPrefix(name, "pts/") || strings.HasPrefix(name, "fd/") || name == "console" ||
		strings.HasPrefix(name, "tcp/") || strings.HasPrefix(name, "udp/"):
		return pathNull
	case strings.HasPrefix(name, "shm/"):
		return pathTemp
	}
	for _, pre := range []string{"sd", "hd", "vd", "xvd", "nvme", "mmcblk", "disk", "rdisk", "md", "dm-",
		"mapper/", "loop", "mem", "kmem", "port", "sr", "nbd", "zd", "zvol", "by-id", "disk/", "root", "ada",
		"da", "mtd", "ubi", "rbd", "drbd", "pmem", "bcache", "cciss", "fd0", "vg", "lvm", "efi"} {
		if strings.HasPrefix(name, pre) {
			return pathDevice
		}
	}
	return pathSystemSub
}

// isArtefact reports whether p names build output or cache that tools regenerate.
func isArtefact(p string) bool {
	p = strings.TrimPrefix(p, "./")
	base, _ := trimAll(p)
	if strings.HasPrefix(base, "/") && !strings.HasPrefix(base, "/home/") && !strings.HasPrefix(base, "/Users/") &&
		!strings.HasPrefix(base, "/tmp/") && !strings.HasPrefix(base, "/root/") {
		return false
	}
	name := base
	if i := strings.LastIndexByte(base, '/'); i >= 0 {
		name = base[i+1:]
	}
	if artefacts[name] {
		return true
	}
	for _, ext := range artefactExts {
		if strings.HasSuffix(name, ext) && len(name) > len(ext) {
			return true
		}
	}
	// Something inside a build or cache directory is build output too.
	for _, part := range strings.Split(base, "/") {
		if part == "node_modules" || part == "__pycache__" || part == ".cache" || part == "target" ||
			part == "build" || part == "dist" || part == ".venv" || part == ".terraform" || part == ".next" {
			return true
		}
	}
	return false
}

// isSecret reports whether p holds credentials: keys, tokens, password hashes.
func isSecret(p, home string) bool {
	if p == "" {
		return false
	}
	if p == "~" || strings.HasPrefix(p, "~/") {
		p = home + p[1:]
	}
	if strings.HasSuffix(p, ".pub") {
		return false
	}
	base := p
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		base = p[i+1:]
	}
	switch base {
	case "id_rsa", "id_ed25519", "id_ecdsa", "id_dsa", "credentials", ".netrc", ".git-credentials",
		"shadow", "gshadow", "master.passwd", ".env", ".pgpass", ".my.cnf", "known_hosts", "authorized_keys",
		".bash_history", ".zsh_history", "config.json", "kubeconfig", ".npmrc", ".pypirc", "secrets.yml",
		"secrets.yaml", "secrets.json", ".htpasswd", "wallet.dat", "id_rsa.key", "private.key", ".vault-token",
		"token", "access_tokens.db", "credentials.db", "credentials.json", "service-account.json", "hosts.yml",
		"passwd", "sudoers", "Login Data", "Cookies", "key4.db", "logins.json":
		return base != "config.json" || strings.Contains(p, ".docker")
	}
	for _, ext := range []string{".pem", ".key", ".p12", ".pfx", ".kdbx", ".keystore", ".jks", ".ovpn", ".gpg", ".asc"} {
		if strings.HasSuffix(base, ext) {
			return true
		}
	}
	for _, dir := range []string{"/.ssh", "/.aws", "/.gnupg", "/.kube", "/.config/gcloud", "/.azure",
		"/.password-store", "/.docker", "/etc/ssl/private"} {
		if strings.HasSuffix(p, dir) || strings.Contains(p, dir+"/") {
			return true
		}
	}
	return strings.HasPrefix(base, ".env.")
}
