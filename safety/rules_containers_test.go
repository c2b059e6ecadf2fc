package safety

import "testing"

// TestContainers covers commands run in containers that reach the host: bind mounts of host paths
// (mapped to where they land), privileged containers, nsenter and chroot; read-only mounts lower the risk.
func TestContainers(t *testing.T) {
	runRiskCases(t, []riskCase{
		{"docker run -v /:/host alpine rm -rf /host/etc", Critical, "fs.rm-system"},
		{"docker run --rm -v /:/host alpine chroot /host rm -rf /", Critical, "fs.rm-root"},
		{"docker run -it -v /:/mnt ubuntu sh -c 'rm -rf /mnt/home/*'", Critical, "fs.rm-home"},
		{"docker run --mount type=bind,source=/,target=/host alpine rm -rf /host/var", Critical, "fs.rm-system"},
		{"podman run -v /etc:/e alpine sh -c 'echo x > /e/passwd'", Critical, "fs.overwrite-system"},
		{"docker run -v ~:/data alpine rm -rf /data", Critical, "fs.rm-home"},
		{"docker run --privileged alpine mkfs.ext4 /dev/sda", Critical, "disk.mkfs"},
		{"docker run --privileged --pid=host alpine nsenter -t 1 -m -u -i -n -p -- rm -rf /", Critical, "fs.rm-root"},
		{"docker run --device /dev/sdb alpine dd if=/dev/zero of=/dev/sdb", Critical, "disk.dd-device"},
		{"docker container run -v /:/h busybox rm -rf /h/boot", Critical, "fs.rm-system"},
		{"nsenter -t 1 -m -u -i -n -p -- rm -rf /", Critical, "fs.rm-root"},
		{"docker run -v /:/host alpine sh", High, "docker.host-mount"},
		{"docker run --privileged -it ubuntu bash", High, "docker.privileged"},
		{"docker run -v /var/run/docker.sock:/var/run/docker.sock:ro docker docker ps", High, "docker.host-mount"},
		{"nsenter --target 1 --mount --uts --ipc --net --pid sh", Moderate, "exec.nsenter"},
		// Read-only mounts lower the risk; the container's own paths are not the host's.
		{"docker run -v /:/host:ro alpine ls /host", Moderate, "docker.host-mount"},
		{"docker run -v /:/host:ro alpine rm -rf /host/etc", Moderate, "docker.host-mount"},
		{"docker run --mount type=bind,source=/,target=/host,readonly alpine cat /host/etc/hostname", Moderate, ""},
		{"docker run --rm ubuntu rm -rf /", Safe, ""},
		{"docker run --rm -v \"$PWD\":/app -w /app node npm test", Safe, ""},
		{"docker run -v /srv/data:/data alpine rm -rf /tmp/cache", Safe, ""},
		{"docker run -v /srv/data:/data alpine rm -rf /", High, "fs.rm-system"},
		{"docker run -v /:/host alpine rm -rf /", Critical, "fs.rm-root"},
		{"docker run -v ~/.ssh:/root/.ssh:ro alpine ssh host", Safe, ""},
		{"docker run --rm -it alpine sh", Safe, ""},
		{"docker exec -it web bash", Safe, ""},
	})
}
