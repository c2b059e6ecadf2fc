package safety

import "strings"

// Rules about disks and file systems: dd onto devices, mkfs, wipefs, partitioning, secure erase.

func init() {
	register(ruleDd, "dd")
	register(ruleMkfs, "mkfs", "mke2fs", "mkswap", "mkdosfs", "mkntfs", "newfs", "mkfs.ext2", "mkfs.ext3",
		"mkfs.ext4", "mkfs.xfs", "mkfs.btrfs", "mkfs.vfat", "mkfs.fat", "mkfs.ntfs", "mkfs.exfat", "mkfs.f2fs",
		"mkfs.minix", "mkfs.bfs", "mkfs.cramfs", "mkfs.msdos", "mkfs.jfs", "mkfs.reiserfs", "mkfs.zfs")
	register(ruleWipefs, "wipefs")
	register(rulePartition, "fdisk", "sfdisk", "cfdisk", "gdisk", "sgdisk", "cgdisk", "parted", "gparted")
	register(ruleBlkdiscard, "blkdiscard", "badblocks", "hdparm", "nvme", "sg_format", "cryptsetup",
		"diskutil", "zpool", "zfs", "lvremove", "vgremove", "pvremove", "mdadm", "flashrom", "dmsetup")
}

// devices returns the operands that are disk devices.
func (c *checker) devices(args []arg) []arg {
	var out []arg
	for _, a := range args {
		if !a.Dynamic && classifyPath(a.Value, c.home) == pathDevice {
			out = append(out, a)
		}
	}
	return out
}

func ruleDd(c *checker, cl *call) {
	for _, a := range cl.Args {
		k, v, ok := strings.Cut(a.Value, "=")
		if !ok || k != "of" {
			continue
		}
		t := a
		t.Value, t.Head, t.Tail = v, v, v
		if a.Dynamic {
			if strings.HasPrefix(a.Head, "of=/dev/") {
				c.flagCall(cl, "disk.dd-device", Critical, "dd overwrites a disk device only known at run time")
			}
			continue
		}
		if classifyPath(v, c.home) == pathDevice {
			c.flagCall(cl, "disk.dd-device", Critical, "dd overwrites the disk "+v+": every file system on it is destroyed")
			continue
		}
		c.overwrite(cl, t, "dd overwrites")
	}
}

func ruleMkfs(c *checker, cl *call) {
	devs := c.devices(cl.Args)
	if len(devs) == 0 {
		ops := operands(cl.Args, "tLbcCEgGIjJlmNoOrTUdpeFnSs")
		if len(ops) == 0 || hasFlag(cl.Args, "V", "--version", "--help") && len(ops) == 0 {
			return
		}
		if cl.Name == "mkswap" {
			c.flagCall(cl, "disk.mkfs", Moderate, "formats "+ops[0].Value+" as swap")
			return
		}
		c.flagCall(cl, "disk.mkfs", High, cl.Name+" formats "+ops[len(ops)-1].Value+", destroying what it holds")
		return
	}
	c.flagCall(cl, "disk.mkfs", Critical, cl.Name+" formats "+devs[0].Value+": everything on it is erased")
}

func ruleWipefs(c *checker, cl *call) {
	if !hasFlag(cl.Args, "ao", "--all", "--offset") {
		return
	}
	c.flagCall(cl, "disk.wipefs", Critical, "wipefs erases the file system signatures: the data on the disk becomes unreachable")
}

func rulePartition(c *checker, cl *call) {
	args := cl.Args
	readOnly := hasFlag(args, "lpv", "--list", "--print", "--version", "--help", "--dump", "--backup", "--verify",
		"--show-size", "--json", "--info")
	switch cl.Name {
	case "sgdisk":
		readOnly = !hasFlag(args, "ZzodnNcxgGtC", "--zap", "--zap-all", "--clear", "--delete", "--new",
			"--largest-new", "--mbrtogpt", "--load-backup", "--randomize-guids", "--replicate", "--change-name", "--typecode")
	case "parted":
		readOnly = true
		for _, a := range args {
			switch strings.ToLower(a.Value) {
			case "mklabel", "mktable", "rm", "mkpart", "resizepart", "mkpartfs", "rescue", "name", "set", "toggle":
				readOnly = false
			}
		}
		if readOnly && !hasFlag(args, "lsm", "--list", "--script", "--machine") && len(c.devices(args)) > 0 && len(args) <= 2 {
			readOnly = false // interactive parted on a disk
		}
	case "sfdisk":
		readOnly = hasFlag(args, "lsdgV", "--list", "--show-size", "--dump", "--show-geometry", "--json", "--verify")
	}
	if readOnly {
		return
	}
	devs := c.devices(args)
	if len(devs) == 0 {
		return
	}
	c.flagCall(cl, "disk.partition", Critical, cl.Name+" rewrites the partition table of "+devs[0].Value+": its data becomes unreachable")
}

func ruleBlkdiscard(c *checker, cl *call) {
	args := cl.Args
	first := cl.firstArg()
	switch cl.Name {
	case "blkdiscard":
		c.flagCall(cl, "disk.discard", Critical, "blkdiscard throws away every block on the device")
	case "badblocks":
		if hasFlag(args, "w", "") {
			c.flagCall(cl, "disk.badblocks-write", Critical, "badblocks -w overwrites the whole disk with test patterns")
		}
	case "hdparm":
		if hasFlag(args, "", "--security-erase", "--security-erase-enhanced", "--trim-sector-ranges",
			"--write-sector", "--make-bad-sector", "--dco-restore", "--security-set-pass") {
			c.flagCall(cl, "disk.secure-erase", Critical, "hdparm erases or damages the disk's data")
		}
	case "nvme":
		if first == "format" || first == "sanitize" {
			c.flagCall(cl, "disk.secure-erase", Critical, "nvme "+first+" erases the whole drive")
		}
	case "sg_format":
		c.flagCall(cl, "disk.secure-erase", Critical, "sg_format low-level formats the disk")
	case "cryptsetup":
		switch first {
		case "luksFormat", "erase", "luksErase", "reencrypt":
			c.flagCall(cl, "disk.luks-format", Critical, "cryptsetup "+first+" destroys the encrypted volume's data")
		case "luksKillSlot", "luksRemoveKey":
			c.flagCall(cl, "disk.luks-key", High, "cryptsetup "+first+" removes a key: the volume may become unreadable")
		}
	case "diskutil":
		switch first {
		case "eraseDisk", "eraseVolume", "zeroDisk", "randomDisk", "secureErase", "partitionDisk", "reformat":
			c.flagCall(cl, "disk.erase", Critical, "diskutil "+first+" erases the disk")
		}
	case "zpool":
		switch first {
		case "destroy", "labelclear":
			c.flagCall(cl, "disk.zpool-destroy", Critical, "zpool "+first+" destroys the pool and every dataset in it")
		}
	case "zfs":
		if first == "destroy" {
			if hasFlag(args[1:], "rR", "") {
				c.flagCall(cl, "disk.zfs-destroy", Critical, "zfs destroy -r destroys the dataset with all its children and snapshots")
			} else {
				c.flagCall(cl, "disk.zfs-destroy", High, "zfs destroy deletes the dataset or snapshot")
			}
		}
	case "lvremove", "vgremove", "pvremove":
		c.flagCall(cl, "disk.lvm-remove", High, cl.Name+" removes LVM volumes and the data on them")
	case "mdadm":
		if hasFlag(args, "", "--zero-superblock", "--create") {
			c.flagCall(cl, "disk.mdadm", Critical, "mdadm rewrites RAID metadata: the array's data becomes unreachable")
		}
	case "flashrom":
		if hasFlag(args, "wE", "--write", "--erase") {
			c.flagCall(cl, "disk.flash", High, "flashrom rewrites the firmware chip")
		}
	case "dmsetup":
		if first == "remove_all" || first == "wipe_table" {
			c.flagCall(cl, "disk.dmsetup", High, "dmsetup "+first+" tears down device-mapper volumes")
		}
	}
}
