package assets

import _ "embed"

// SystemdUnit is the systemd user unit `cmdai daemon install` writes on Linux, a text/template with
// {{.Executable}} and {{.Path}}.
//
//go:embed daemon/cmdai.service
var SystemdUnit string

// LaunchdPlist is the launchd agent `cmdai daemon install` writes on macOS, a text/template with
// {{.Executable}} and {{.Path}}.
//
//go:embed daemon/dev.cmdai.daemon.plist
var LaunchdPlist string
