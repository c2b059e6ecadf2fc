package undo

import (
	"fmt"
	"strconv"
	"strings"
)

// humanBytes writes a size in powers of 1000 as the blast radius does: 512 B, 12 KB, 3.2 GB.
func humanBytes(n int64) string {
	if n < 1000 {
		return fmt.Sprintf("%d B", n)
	}
	v := float64(n)
	for _, u := range []string{"KB", "MB", "GB", "TB", "PB"} {
		v /= 1000
		if v < 9.95 {
			return fmt.Sprintf("%.1f %s", v, u)
		}
		if v < 999.5 || u == "PB" {
			return fmt.Sprintf("%.0f %s", v, u)
		}
	}
	return fmt.Sprintf("%d B", n)
}

// HumanBytes writes a size as the preview does: 3.2 GB.
func HumanBytes(n int64) string { return humanBytes(n) }

// thousands writes n with comma thousands separators: 1,204.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	var sb strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 && s[i-1] != '-' {
			sb.WriteByte(',')
		}
		sb.WriteRune(c)
	}
	return sb.String()
}

func countNoun(n int64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return thousands(n) + " " + noun + "s"
}

// listed names up to limit items and how many more there are.
func listed(items []string, limit int) string {
	s := strings.Join(items[:min(len(items), limit)], ", ")
	if more := len(items) - limit; more > 0 {
		s += fmt.Sprintf(" and %s more", thousands(int64(more)))
	}
	return s
}

// maxNotes bounds the notes of one snapshot: past it, one more says how many were left out.
const maxNotes = 12

func appendCapped(notes []string, note string) []string {
	switch {
	case len(notes) < maxNotes:
		return append(notes, note)
	case len(notes) == maxNotes:
		return append(notes, "and more of the same")
	}
	return notes
}
