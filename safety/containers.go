package safety

import (
	"path"
	"regexp"
	"strings"
)

// The command a container runs, judged where it lands on the host. docker run -v /:/host alpine rm -rf
// /host/etc deletes the host's /etc: paths under a bind mount's target are mapped to its source on the
// host. Paths outside every mount are the container's own, a scratch file system (containerRoot), so
// rm -rf / in a plain container is nothing to the host; read-only mounts are mapped there too, since
// nothing can be written through them. A privileged container keeps the host's /dev, and nsenter into
// pid 1 or chroot into a mounted root puts the command on the host's own paths.

// containerRoot stands for the container's own file system when its paths are judged as host paths.
const containerRoot = "/tmp/.container"

// mount is a bind mount of a host path into a container.
type mount struct {
	src, dst string
	ro       bool
}

// containerRunOpts are docker run's and podman run's options that take a value.
var containerRunOpts = setOf("-a", "--attach", "--add-host", "--annotation", "--blkio-weight", "--cap-add",
	"--cap-drop", "--cgroup-parent", "--cgroupns", "--cidfile", "--cpu-period", "--cpu-quota", "--cpu-shares",
	"-c", "--cpus", "--cpuset-cpus", "--cpuset-mems", "--device", "--device-cgroup-rule", "--dns",
	"--dns-option", "--dns-search", "--domainname", "--entrypoint", "-e", "--env", "--env-file", "--expose",
	"--gpus", "--group-add", "--health-cmd", "--health-interval", "--health-retries", "--health-timeout",
	"-h", "--hostname", "--ip", "--ip6", "--ipc", "--isolation", "--kernel-memory", "-l", "--label",
	"--label-file", "--link", "--log-driver", "--log-opt", "--mac-address", "-m", "--memory",
	"--memory-reservation", "--memory-swap", "--memory-swappiness", "--mount", "--name", "--network", "--net",
	"--network-alias", "--pid", "--pids-limit", "--platform", "-p", "--publish", "--pull", "--restart",
	"--runtime", "--security-opt", "--shm-size", "--stop-signal", "--stop-timeout", "--storage-opt",
	"--sysctl", "--tmpfs", "--ulimit", "-u", "--user", "--userns", "--uts", "-v", "--volume",
	"--volume-driver", "--volumes-from", "-w", "--workdir", "--detach-keys", "--pod", "--secret", "--arch",
	"--os", "--variant", "--timeout", "--hooks-dir", "--init-path", "--log-level", "--chrootdirs")

// containerRun reads docker run's command line: its mounts, whether it is privileged, and the command
// after the image, which is walked with its paths mapped to the host's.
func (w *walker) containerRun(cl call, tool string, args []arg) {
	var mounts []mount
	privileged := false
	var devices []string
	i := 0
	for ; i < len(args); i++ {
		a := args[i]
		v := a.Value
		if a.Dynamic && !strings.HasPrefix(v, "-") {
			break
		}
		name, val, hasVal := strings.Cut(v, "=")
		if !strings.HasPrefix(v, "-") {
			break // the image
		}
		if !hasVal && containerRunOpts[name] && i+1 < len(args) {
			i++
			val, hasVal = args[i].Value, true
		}
		switch {
		case v == "--privileged" || name == "--privileged" && val == "true":
			privileged = true
		case (name == "-v" || name == "--volume") && hasVal:
			if m, ok := w.parseVolume(val); ok {
				mounts = append(mounts, m)
			}
		case name == "--mount" && hasVal:
			if m, ok := w.parseMount(val); ok {
				mounts = append(mounts, m)
			}
		case name == "--device" && hasVal:
			d, _, _ := strings.Cut(val, ":")
			devices = append(devices, d)
		}
	}
	if i+1 >= len(args) {
		return // no command: the image's own, which cannot be seen
	}
	inner := args[i+1:]
	if len(mounts) == 0 && !privileged && len(devices) == 0 {
		return // nothing of the host is reachable: what runs inside is the container's business
	}
	mp := hostMapper{mounts: mounts, privileged: privileged, devices: devices}
	// chroot into a mounted root, or nsenter into pid 1, puts the command on the host's paths.
	if n := commandName(inner[0].Value); n == "chroot" && len(inner) > 2 && !inner[1].Dynamic {
		mp.root = mp.hostPath(inner[1].Value)
		inner = inner[2:]
	} else if n == "nsenter" && privileged {
		mp.identity = true
	}
	words := make([]arg, 0, len(inner))
	for _, a := range inner {
		words = append(words, mp.mapArg(a))
	}
	sub := cl
	sub.Wrappers = appendWrap(cl.Wrappers, tool+" run")
	sub.Redirs, sub.PipeIn, sub.Cwd = nil, nil, ""
	w.addCall(sub, words)
}

// parseVolume reads -v SRC:DST[:OPTS]; named volumes are not host paths.
func (w *walker) parseVolume(v string) (mount, bool) {
	parts := strings.Split(v, ":")
	if len(parts) < 2 {
		return mount{}, false
	}
	src := parts[0]
	if src == "~" || strings.HasPrefix(src, "~/") {
		src = w.home + src[1:]
	}
	if !strings.HasPrefix(src, "/") && !strings.HasPrefix(src, ".") {
		return mount{}, false
	}
	m := mount{src: src, dst: path.Clean(parts[1])}
	if len(parts) > 2 {
		for _, o := range strings.Split(parts[2], ",") {
			if o == "ro" || o == "readonly" {
				m.ro = true
			}
		}
	}
	return m, true
}

// parseMount reads --mount type=bind,source=SRC,target=DST[,readonly].
func (w *walker) parseMount(v string) (mount, bool) {
	var m mount
	bind := false
	for _, kv := range strings.Split(v, ",") {
		k, val, _ := strings.Cut(kv, "=")
		switch k {
		case "type":
			bind = val == "bind"
		case "source", "src":
			m.src = val
		case "target", "destination", "dst":
			m.dst = path.Clean(val)
		case "readonly", "ro":
			m.ro = val == "" || val == "true" || val == "1"
		}
	}
	return m, bind && m.src != "" && m.dst != ""
}

// hostMapper maps paths in a container to the host paths they reach.
type hostMapper struct {
	mounts     []mount
	devices    []string
	privileged bool
	identity   bool   // nsenter into the host's namespaces
	root       string // chroot: absolute paths are under it
}

// hostPath is the host path a container path reaches.
func (m hostMapper) hostPath(p string) string {
	if m.identity {
		return p
	}
	if m.root != "" {
		if m.root == containerRoot || strings.HasPrefix(m.root, containerRoot+"/") {
			return m.root
		}
		return path.Join(m.root, p)
	}
	if strings.HasPrefix(p, "/dev/") && (m.privileged || containsString(m.devices, p)) {
		return p
	}
	best := -1
	for i, mt := range m.mounts {
		if p == mt.dst || strings.HasPrefix(p, strings.TrimSuffix(mt.dst, "/")+"/") {
			if best < 0 || len(mt.dst) > len(m.mounts[best].dst) {
				best = i
			}
		}
	}
	if best < 0 {
		// rm -rf / in a container reaches every mount under /: the host paths they hold are at stake.
		base := path.Clean(strings.TrimSuffix(p, "/*"))
		reach := ""
		for _, mt := range m.mounts {
			if !mt.ro && (base == "/" || strings.HasPrefix(mt.dst, base+"/")) && (reach == "" || len(mt.src) < len(reach)) {
				reach = mt.src
			}
		}
		if reach != "" {
			return reach
		}
		return path.Join(containerRoot, p)
	}
	mt := m.mounts[best]
	if mt.ro {
		return path.Join(containerRoot, p) // nothing can be changed through a read-only mount
	}
	return path.Join(mt.src, strings.TrimPrefix(p, mt.dst))
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// pathToken finds absolute paths in shell text: after the start, a blank, a quote, = or a redirect.
var pathToken = regexp.MustCompile(`(^|[\s'"=<>(;|&])(/[^\s'"<>;|&)]*)`)

// mapArg maps an argument: a path, key=/path, or shell text holding paths (sh -c '…').
func (m hostMapper) mapArg(a arg) arg {
	if a.Dynamic || !strings.Contains(a.Value, "/") {
		return a
	}
	v := pathToken.ReplaceAllStringFunc(a.Value, func(s string) string {
		sm := pathToken.FindStringSubmatch(s)
		return sm[1] + m.hostPath(sm[2])
	})
	if strings.HasSuffix(a.Value, "/") && !strings.HasSuffix(v, "/") {
		v += "/"
	}
	a.Value, a.Head, a.Tail = v, v, v
	a.Glob = hasGlob(v)
	return a
}
