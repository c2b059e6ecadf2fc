package undo

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// putHow is how a file's content may enter the store.
type putHow int

const (
	// putCopy: a reflink where the file system allows it, else a copy. A hard link would share the file
	// with whatever the command writes into it.
	putCopy putHow = iota
	// putLink: a hard link, else a reflink, else a copy. Only for files the command is about to unlink,
	// whose content nothing writes to again.
	putLink
)

// putter puts files' contents into the store, remembering which devices refuse reflinks so that only
// the first file on each pays for asking.
type putter struct {
	s       store
	noClone sync.Map // device → true once a clone failed there
	made    sync.Map // object directories known to exist
	objOnce sync.Once
	objFD   int
	// Counts of how contents went in, for the benchmark's report.
	cloned, linked, copied atomic.Int64
}

var bufPool = sync.Pool{New: func() any { b := make([]byte, 256<<10); return &b }}

// put stores the content of the regular file at path, whose state st was read just before, and
// returns its SHA-256.
func (p *putter) put(path string, st State, how putHow) (string, error) {
	if how == putLink {
		if sum, err := p.putLinkAt(unix.AT_FDCWD, path, st); !errors.Is(err, errNoLink) {
			return sum, err
		}
	}
	src, err := os.OpenFile(path, os.O_RDONLY|noFollow, 0)
	if err != nil {
		return "", err
	}
	defer src.Close()
	if _, refused := p.noClone.Load(st.Dev); !refused {
		sum, ok, err := p.putClone(src)
		if ok || err != nil {
			return sum, err
		}
		p.noClone.Store(st.Dev, true)
	}
	return p.putCopy(src)
}

// errNoLink means the store cannot take a hard link to a file (another device, or a file system
// without them): the caller clones or copies it.
var errNoLink = errors.New("no hard link")

// putLinkAt hashes the file name in directory dirfd (a path when dirfd is AT_FDCWD) and links it into
// the store: the cheapest of all, one more name for a file that is about to lose its own. A snapshot
// of many small files is mostly system calls, so they are plain ones, relative to the directory.
func (p *putter) putLinkAt(dirfd int, name string, st State) (string, error) {
	sum, err := hashFileAt(dirfd, name, st.Size)
	if err != nil {
		return "", err
	}
	obj := p.s.object(sum)
	if err := p.mkdir(filepath.Dir(obj)); err != nil {
		return "", err
	}
	objfd, rel := unix.AT_FDCWD, obj
	if fd := p.objectsFD(); fd >= 0 {
		objfd, rel = fd, sum[:2]+"/"+sum[2:]
	}
	err = unix.Linkat(dirfd, name, objfd, rel, 0)
	if err == nil || errors.Is(err, unix.EEXIST) {
		p.linked.Add(1)
		return sum, nil
	}
	return "", errNoLink
}

// objectsFD is the objects directory, opened once, so that links into it are resolved from there; -1
// when it cannot be opened.
func (p *putter) objectsFD() int {
	p.objOnce.Do(func() {
		fd, err := unix.Open(p.s.objects(), unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
		if err != nil {
			fd = -1
		}
		p.objFD = fd
	})
	return p.objFD
}

// close releases what the putter holds open.
func (p *putter) close() {
	if p.objFD > 0 {
		unix.Close(p.objFD)
		p.objFD = -1
	}
}

// hashFileAt hashes the file name in directory dirfd, size bytes long when its state was read. It
// reads to the end of the file, but stops without the last, empty read once size bytes are in.
func hashFileAt(dirfd int, name string, size int64) (string, error) {
	fd, err := unix.Openat(dirfd, name, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	for errors.Is(err, unix.EINTR) {
		fd, err = unix.Openat(dirfd, name, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	}
	if err != nil {
		return "", &fs.PathError{Op: "open", Path: name, Err: err}
	}
	defer unix.Close(fd)
	buf := bufPool.Get().(*[]byte)
	defer bufPool.Put(buf)
	h := sha256.New()
	for read := int64(0); ; {
		n, err := unix.Read(fd, *buf)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			return "", &fs.PathError{Op: "read", Path: name, Err: err}
		}
		h.Write((*buf)[:n])
		read += int64(n)
		if n == 0 || n < len(*buf) && read >= size {
			break
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// mkdir makes an object directory once per putter.
func (p *putter) mkdir(dir string) error {
	if _, ok := p.made.Load(dir); ok {
		return nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	p.made.Store(dir, true)
	return nil
}

// putClone reflinks src into the store. ok is false, with no error, when the file system cannot.
func (p *putter) putClone(src *os.File) (sum string, ok bool, err error) {
	tmp, err := os.CreateTemp(p.s.tmp(), "clone-*")
	if err != nil {
		return "", false, err
	}
	defer func() {
		if !ok || err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if !cloneFile(tmp, src) {
		return "", false, nil
	}
	// A clone shares blocks until either side is written: hashing the source reads the same bytes.
	if sum, err = hashOf(src); err != nil {
		return "", true, err
	}
	if err = p.commitTemp(tmp, sum); err != nil {
		return "", true, err
	}
	p.cloned.Add(1)
	return sum, true, nil
}

// putCopy copies src into the store, hashing as it goes.
func (p *putter) putCopy(src *os.File) (string, error) {
	tmp, err := os.CreateTemp(p.s.tmp(), "copy-*")
	if err != nil {
		return "", err
	}
	h := sha256.New()
	buf := bufPool.Get().(*[]byte)
	_, err = io.CopyBuffer(io.MultiWriter(tmp, h), onlyReader{src}, *buf)
	bufPool.Put(buf)
	if err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return "", err
	}
	sum := hex.EncodeToString(h.Sum(nil))
	if err := p.commitTemp(tmp, sum); err != nil {
		return "", err
	}
	p.copied.Add(1)
	return sum, nil
}

// commitTemp closes tmp and names it by its content. An object already there holds the same bytes, and
// stays.
func (p *putter) commitTemp(tmp *os.File, sum string) error {
	defer os.Remove(tmp.Name()) // gone after the rename; left over when the object was there already
	if err := tmp.Chmod(0o400); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	obj := p.s.object(sum)
	if _, err := os.Lstat(obj); err == nil {
		return nil
	}
	if err := p.mkdir(filepath.Dir(obj)); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), obj)
}

// onlyReader hides a file's ReadFrom and WriteTo, so that io.CopyBuffer goes through the hash.
type onlyReader struct{ r io.Reader }

func (o onlyReader) Read(b []byte) (int, error) { return o.r.Read(b) }

func hashOf(r io.Reader) (string, error) {
	h := sha256.New()
	if err := hashInto(h, r); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func hashInto(h hash.Hash, r io.Reader) error {
	buf := bufPool.Get().(*[]byte)
	defer bufPool.Put(buf)
	_, err := io.CopyBuffer(h, onlyReader{r}, *buf)
	return err
}

// writeObject writes object sum to a new file at dst (which must not exist) with mode perm, by reflink
// where it can, else by copy. The bytes are checked against the name: an object that was a hard link
// to a file that someone wrote to after all is refused rather than restored wrong.
func (s store) writeObject(sum, dst string, perm fs.FileMode) error {
	src, err := os.Open(s.object(sum))
	if err != nil {
		return fmt.Errorf("the snapshot's copy of %s is missing: %w", dst, err)
	}
	defer src.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL|noFollow, perm&fs.ModePerm|0o200)
	if err != nil {
		return err
	}
	h := sha256.New()
	if cloneFile(out, src) {
		err = hashInto(h, src)
	} else {
		buf := bufPool.Get().(*[]byte)
		_, err = io.CopyBuffer(io.MultiWriter(out, h), onlyReader{src}, *buf)
		bufPool.Put(buf)
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil && hex.EncodeToString(h.Sum(nil)) != sum {
		err = fmt.Errorf("the snapshot's copy of %s was changed after it was taken", dst)
	}
	if err != nil {
		os.Remove(dst)
	}
	return err
}
