package safety

import "strings"

// Rules about package managers: installing is moderate, removing core packages critical.

func init() {
	register(rulePkg, "apt", "apt-get", "aptitude", "yum", "dnf", "zypper", "pacman", "yay", "paru", "apk",
		"dpkg", "rpm", "snap", "flatpak", "brew", "port", "pip", "pip3", "pipx", "gem", "cargo", "npm", "pnpm",
		"yarn", "bun", "conda", "mamba", "nix-env", "emerge", "pkg", "choco", "winget", "uv", "poetry", "composer", "go")
}

// corePackages are packages the system cannot work without.
var corePackages = setOf("libc6", "libc-bin", "glibc", "systemd", "coreutils", "bash", "sudo", "openssh-server",
	"apt", "dpkg", "rpm", "yum", "dnf", "pacman", "linux-image-generic", "linux-generic", "linux-firmware", "grub-pc",
	"grub2", "grub-efi-amd64", "grub-common", "init", "login", "passwd", "util-linux", "base-files", "base",
	"python3", "python3-minimal", "perl-base", "libpam0g", "libpam-modules", "kernel", "kernel-core", "glibc-common",
	"filesystem", "systemd-sysv", "mount", "dash", "tar", "gzip", "sed", "grep", "findutils", "ubuntu-minimal",
	"ubuntu-standard", "libssl3", "openssl", "zlib1g", "udev", "procps", "e2fsprogs", "network-manager", "netplan.io",
	"linux-base", "libsystemd0", "shadow", "pam", "sysvinit", "openrc", "busybox", "musl", "alpine-base", "libselinux1")

func rulePkg(c *checker, cl *call) {
	v := verbs(cl.Args, setOf("-o", "-c", "-t", "--target-release", "-r", "--requirement", "-e", "--root", "--prefix", "-C"))
	args := cl.Args
	has := func(short string, long ...string) bool { return hasFlag(args, short, long...) }
	op := ""
	if len(v) > 0 {
		op = v[0]
	}
	pkgs := []string{}
	if len(v) > 1 {
		pkgs = v[1:]
	}
	core := func() string {
		for _, p := range pkgs {
			p = strings.TrimSuffix(strings.SplitN(p, "=", 2)[0], "*")
			if corePackages[p] || strings.HasPrefix(p, "linux-image") || strings.HasPrefix(p, "libc6") {
				return p
			}
		}
		return ""
	}
	removal := false
	switch cl.Name {
	case "pacman", "yay", "paru":
		switch {
		case has("", "--remove") || hasShort(args, 'R'):
			removal, pkgs = true, v
			if hasShort(args, 'd') && strings.Count(shortFlags(args), "d") >= 2 {
				c.flagCall(cl, "pkg.remove-nodeps", High, "removes packages ignoring what depends on them")
				return
			}
		case hasShort(args, 'S') || hasShort(args, 'U') || has("", "--sync", "--upgrade"):
			if hasShort(args, 's') || hasShort(args, 'i') || hasShort(args, 'Q') {
				return
			}
			c.flagCall(cl, "pkg.install", Moderate, cl.Name+" installs or upgrades packages")
			return
		default:
			return
		}
	case "dpkg":
		switch {
		case has("rP", "--remove", "--purge"):
			removal, pkgs = true, verbs(args, nil)
			if has("", "--force-all", "--force-remove-essential", "--force-depends") {
				c.flagCall(cl, "pkg.remove-nodeps", High, "dpkg removes packages forcing past their dependencies")
				return
			}
		case has("i", "--install", "--configure", "--unpack"):
			c.flagCall(cl, "pkg.install", Moderate, "dpkg installs a package")
			return
		default:
			return
		}
	case "rpm":
		switch {
		case has("e", "--erase"):
			removal, pkgs = true, verbs(args, nil)
			if has("", "--nodeps") {
				c.flagCall(cl, "pkg.remove-nodeps", High, "rpm -e --nodeps removes packages others depend on")
				return
			}
		case has("iU", "--install", "--upgrade"):
			c.flagCall(cl, "pkg.install", Moderate, "rpm installs a package")
			return
		default:
			return
		}
	case "apk":
		switch op {
		case "del":
			removal = true
		case "add", "upgrade":
			c.flagCall(cl, "pkg.install", Moderate, "apk installs packages")
			return
		default:
			return
		}
	case "nix-env":
		if has("e", "--uninstall") {
			removal = true
		} else if has("i", "--install") {
			c.flagCall(cl, "pkg.install", Moderate, "nix-env installs packages")
		}
		if !removal {
			return
		}
	case "npm", "pnpm", "yarn", "bun":
		switch op {
		case "install", "i", "add", "ci", "update", "up", "upgrade":
			if has("g", "--global") {
				c.flagCall(cl, "pkg.install-global", Moderate, cl.Name+" installs packages globally")
			}
		case "uninstall", "remove", "rm", "un":
			if has("g", "--global") {
				c.flagCall(cl, "pkg.remove", Moderate, cl.Name+" removes global packages")
			}
		case "publish", "unpublish":
			c.flagCall(cl, "pkg.publish", Moderate, cl.Name+" "+op+" changes a published package")
		case "cache":
			if len(v) > 1 && v[1] == "clean" {
				return
			}
		}
		return
	case "go":
		if op == "install" {
			c.flagCall(cl, "pkg.install", Moderate, "go install builds and installs a program")
		}
		return
	case "cargo", "uv", "poetry", "composer":
		switch op {
		case "install":
			if cl.Name == "cargo" {
				c.flagCall(cl, "pkg.install", Moderate, "cargo install builds and installs a program")
			}
		case "publish":
			c.flagCall(cl, "pkg.publish", Moderate, cl.Name+" publish releases a package")
		case "pip":
			if len(v) > 1 && (v[1] == "install" || v[1] == "uninstall") {
				c.flagCall(cl, "pkg.install", Moderate, "uv pip "+v[1]+" changes installed packages")
			}
		}
		return
	default:
		switch op {
		case "install", "add", "reinstall", "upgrade", "dist-upgrade", "full-upgrade", "update", "up", "localinstall",
			"groupinstall", "in", "dup", "refresh", "tap", "downgrade", "build-dep", "full", "shell":
			if op == "update" && (cl.Name == "apt" || cl.Name == "apt-get" || cl.Name == "aptitude" || cl.Name == "brew" ||
				cl.Name == "port" || cl.Name == "choco") {
				return // refreshes the package lists only
			}
			if op == "upgrade" && (cl.Name == "pip" || cl.Name == "pip3") {
				return
			}
			if has("", "--allow-unauthenticated", "--nogpgcheck", "--no-gpg-checks", "--trusted-host", "--force-yes", "--allow-downgrades") {
				c.flagCall(cl, "pkg.unverified", High, cl.Name+" installs packages without checking signatures")
				return
			}
			if has("", "--break-system-packages") {
				c.flagCall(cl, "pkg.install", Moderate, cl.Name+" installs packages over the system's own")
				return
			}
			c.flagCall(cl, "pkg.install", Moderate, cl.Name+" "+op+" installs or upgrades packages")
			return
		case "remove", "purge", "erase", "uninstall", "autoremove", "rm", "del", "autopurge", "zap", "rmi":
			removal = true
		case "clean", "autoclean", "cleanup":
			return
		default:
			return
		}
	}
	if !removal {
		return
	}
	if p := core(); p != "" {
		c.flagCall(cl, "pkg.remove-core", Critical, cl.Name+" removes "+p+", which the system needs to boot or log in")
		return
	}
	c.flagCall(cl, "pkg.remove", Moderate, cl.Name+" removes packages")
}

// hasShort reports a single-dash flag cluster containing letter (pacman -Rns).
func hasShort(args []arg, letter byte) bool {
	return strings.IndexByte(shortFlags(args), letter) >= 0
}

func shortFlags(args []arg) string {
	var b strings.Builder
	for _, a := range args {
		v := a.Value
		if len(v) > 1 && v[0] == '-' && v[1] != '-' {
			b.WriteString(v[1:])
		}
	}
	return b.String()
}
