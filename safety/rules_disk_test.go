package safety

import "testing"

// TestDiskRules covers disks and file systems.
func TestDiskRules(t *testing.T) {
	runRiskCases(t, []riskCase{
		{"dd if=/dev/zero of=/dev/sda bs=1M", Critical, ""},
		{"dd if=/dev/sda of=disk.img", Safe, ""},
		{"mkfs.ext4 /dev/sdb1", Critical, ""},
		{"wipefs -a /dev/sda", Critical, ""},
		{"sfdisk /dev/sda < layout", Critical, ""},
		{"cat x > /dev/nvme0n1", Critical, ""},
		{"blkdiscard /dev/nvme0n1", Critical, ""},
		{"hdparm --security-erase p /dev/sda", Critical, ""},
	})
}
