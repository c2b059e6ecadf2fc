package ollamatest

import (
	"bufio"
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"
)

const ollamaModule = "github.com/ollama/ollama"

// binary returns the path of an ollama binary built from the module version this repository pins, building
// it on first use. Binaries are cached outside the repository, keyed by that version and the C compiler
// flags, and a file lock keeps parallel test packages from building the same one twice.
func binary() (string, error) {
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	version, err := ollamaVersion(root)
	if err != nil {
		return "", err
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("find the cache directory for the ollama build: %w", err)
	}
	flags := os.Getenv("CGO_CFLAGS") + "\x00" + os.Getenv("CGO_CXXFLAGS")
	sum := sha256.Sum256([]byte(flags))
	dir := filepath.Join(cache, "cmdai-test", fmt.Sprintf("ollama-%s-%s-%s-%s",
		version, runtime.GOOS, runtime.GOARCH, hex.EncodeToString(sum[:4])))
	bin := filepath.Join(dir, "ollama")
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("create the ollama build cache: %w", err)
	}

	lock, err := os.OpenFile(filepath.Join(dir, "build.lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return "", fmt.Errorf("open the ollama build lock: %w", err)
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		return "", fmt.Errorf("lock the ollama build: %w", err)
	}
	defer syscall.Flock(int(lock.Fd()), syscall.LOCK_UN)
	if _, err := os.Stat(bin); err == nil {
		return bin, nil // another test package built it while we waited
	}

	env, err := headerEnv(root)
	if err != nil {
		return "", err
	}
	src, err := moduleDir(root, version)
	if err != nil {
		return "", err
	}
	// Built in the ollama module itself, with the dependency versions its go.mod pins: built inside this
	// repository, newer versions of shared dependencies that cmdai uses would break its CLI packages.
	tmp := bin + ".tmp"
	cmd := exec.Command("go", "build", "-o", tmp, ".")
	cmd.Dir = src
	cmd.Env = append(os.Environ(), append(env, "GOFLAGS=-mod=readonly", "GOWORK=off")...)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build ollama %s: %s: %w", version, tail(out, 4000), err)
	}
	if err := os.Rename(tmp, bin); err != nil {
		return "", fmt.Errorf("install the ollama build: %w", err)
	}
	return bin, nil
}

// moduleRoot is the directory of this repository's go.mod.
func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("find the module root: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("find the module root: not inside a Go module")
	}
	return filepath.Dir(gomod), nil
}

// moduleDir is where the go command keeps the source of the ollama module at version, downloading it when
// it is not there yet.
func moduleDir(root, version string) (string, error) {
	cmd := exec.Command("go", "mod", "download", "-json", ollamaModule+"@"+version)
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("download the ollama %s sources: %s: %w", version, tail(out, 2000), err)
	}
	var m struct{ Dir, Error string }
	if err := json.Unmarshal(out, &m); err != nil || m.Dir == "" {
		return "", fmt.Errorf("download the ollama %s sources: %s", version, cmp.Or(m.Error, string(out)))
	}
	return m.Dir, nil
}

// ollamaVersion is the pinned version of the ollama module, read from the test binary's build info when it
// links the module and from the go command otherwise.
func ollamaVersion(root string) (string, error) {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, m := range bi.Deps {
			if m.Path == ollamaModule && m.Version != "" && m.Version != "(devel)" {
				return m.Version, nil
			}
		}
	}
	cmd := exec.Command("go", "list", "-m", "-f", "{{.Version}}", ollamaModule)
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("find the pinned ollama version: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}

// headerEnv runs scripts/llama-headers.sh, which prepares the C headers the ollama module's zip leaves out,
// and returns the environment it exports.
func headerEnv(root string) ([]string, error) {
	cmd := exec.Command("bash", filepath.Join(root, "scripts", "llama-headers.sh"))
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("prepare llama.cpp headers: %s: %w", tail(stderr.Bytes(), 2000), err)
	}
	var env []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		kv, ok := strings.CutPrefix(sc.Text(), "export ")
		if !ok {
			continue
		}
		k, v, _ := strings.Cut(kv, "=")
		env = append(env, k+"="+strings.Trim(v, "'"))
	}
	if len(env) == 0 {
		return nil, fmt.Errorf("prepare llama.cpp headers: the script exported nothing")
	}
	return env, nil
}

func tail(b []byte, n int) string {
	b = bytes.TrimSpace(b)
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}
