package offline

import (
	"regexp"
	"slices"
	"strings"
)

// extractService reads the name of a daemon the [service] vocabulary knows ("restart nginx"), so
// that service intents can tell "restart nginx" from "restart my life".
func (e *Engine) extractService(toks []token, s *slots) {
	for i := range toks {
		if toks[i].used || toks[i].quoted || s.service != "" {
			continue
		}
		if toks[i].lower == "named" && i > 0 && i+1 < len(toks) && (toks[i-1].lower == "service" || toks[i-1].lower == "unit" || toks[i-1].lower == "daemon") {
			continue // "the service named worker": a participle, not bind's daemon
		}
		if e.cat.has("service", toks[i].lower) {
			s.service = toks[i].raw
			toks[i].used = true
		} else if name, ok := cutPossessive(toks[i].raw); ok && e.cat.has("service", strings.ToLower(name)) {
			s.service = name // "nginx's journal"
			toks[i].used = true
		} else if name, ok := strings.CutSuffix(toks[i].lower, ".service"); ok && isIdentifier(name) {
			s.service = name // "worker.service"
			toks[i].used = true
		}
	}
	if s.service != "" {
		unit := serviceUnit(s.service)
		for i, t := range toks {
			if !t.used && !t.quoted && serviceUnit(t.lower) == unit {
				toks[i].used = true // "postgres didn't come up ... make postgresql start at boot": one service, said twice
			}
		}
		for i, t := range toks {
			// "installed redis ... how do I make redis-server start on boot": the unit's own name.
			if strings.HasPrefix(t.lower, strings.ToLower(s.service)+"-") && isIdentifier(t.raw) && !t.quoted {
				s.service = t.raw
				toks[i].used = true
				break
			}
		}
	}
	for i := 1; i+1 < len(toks) && s.service == ""; i++ {
		// "the myapp service logs": the name before the word, when what follows is no name.
		t := toks[i-1]
		if w := toks[i].lower; (w == "service" || w == "unit" || w == "daemon") && !t.used && !t.quoted && isIdentifier(t.raw) &&
			!isNumber(t.lower) && !e.cat.has("stop", t.lower) && !e.cat.has("notperson", t.lower) && (serviceNouns[toks[i+1].lower] || toks[i].comma && i >= 2 && toks[i-2].lower == "the") {
			s.service = t.raw
			toks[i-1].used = true
		}
	}
	for i := 1; i < len(toks) && s.service == ""; i++ {
		// "the service api", "the unit worker": a name the vocabulary does not know.
		t := toks[i]
		p := toks[i-1].lower
		if (p == "named" || p == "called") && i >= 2 {
			p = toks[i-2].lower // "a service named worker"
		}
		if (p == "service" || p == "unit" || p == "daemon") && !toks[i-1].comma && !t.used && !t.quoted && isIdentifier(t.raw) &&
			!isNumber(t.lower) && !e.cat.has("stop", t.lower) && !e.cat.has("notperson", t.lower) {
			s.service = t.raw
			toks[i].used = true
		}
	}
	for i := 1; i+1 < len(toks) && s.service == ""; i++ {
		// "Is node-exporter enabled to start at boot?", "the journal for payments-api": a unit's name,
		// which is no English word, where a state or a journal is asked about.
		t := toks[i]
		p, n := toks[i-1].lower, toks[i+1].lower
		asked := (p == "is" || p == "was") && unitStates[n] || (p == "for" || p == "of") && i >= 2 && journalWords[toks[i-2].lower]
		if asked && !t.used && !t.quoted && isIdentifier(t.raw) && strings.Contains(t.raw, "-") && !commonEnglish()[t.lower] && !e.cat.has("stop", t.lower) {
			s.service = t.raw
			toks[i].used = true
		}
	}
}

// unitStates are what "is X ..." asks about a systemd unit; journalWords name its journal.
var (
	unitStates   = setOf("enabled disabled running active inactive started failed")
	journalWords = setOf("journal journalctl logs log")
)

// clusterWords say the names of a request are pods', containers' or services'.
var clusterWords = setOf("pod pods container containers kubectl docker deployment deployments service services compose namespace")

// hostAttributes follow "host" or "server" as what it has, not its name: "the host key changed".
var hostAttributes = setOf("key keys name names file files fingerprint certificate cert identification load logs log ipv4 ipv6 only next later tomorrow tonight soon first too also again now afterwards")

// serviceNouns follow "the X service" when X is its name: "the myapp service logs".
var serviceNouns = setOf("logs log journal status file unit config restarts")

// ifaceName is how Linux and macOS name network interfaces: eth0, wlan0, enp3s0, wlp2s0, ens33, en0,
// docker0, br-1a2b, veth12ab, tun0, wg0, bond0, lo.
var ifaceName = regexp.MustCompile(`^(lo|(eth|wlan|wlp|wlo|enp|ens|eno|enx|en|em|docker|br|virbr|veth|tun|tap|wg|bond|vlan|ppp|ib|usb)[0-9][0-9a-z]*|br-[0-9a-f]{6,})$`)

// extractInterface reads the name of a network interface ("bring eth0 down", "interface wlan0"); "lo"
// counts only next to the word interface.
func extractInterface(toks []token, s *slots) {
	for i, t := range toks {
		if t.used || t.quoted || !ifaceName.MatchString(t.lower) {
			continue
		}
		if t.lower == "lo" && prevWord(toks, i) != "interface" && nextWord(toks, i) != "interface" {
			continue
		}
		s.iface = t.raw
		toks[i].used = true
		return
	}
}

// envNameRE is an environment variable's name as people write it: in capitals, maybe with its $.
var envNameRE = regexp.MustCompile(`^\$?\{?[A-Z][A-Z0-9_]+\}?$`)

// shouted are words people write in capitals for emphasis, not variables: "lines that DONT have".
var shouted = setOf("dont don't not no never only all and or the please pls asap now rn urgent fyi btw ok lol ugh omg really " +
	"very just exactly every any none must cant can't wont won't doesnt doesn't isnt isn't without except new old get post put patch head " +
	"ecdsa rsa dsa ed25519 md5 sha sha1 sha256 sha512 utc gmt json csv tsv pdf png jpg jpeg gif svg mp3 mp4 url uri dns cpu ram gpu " +
	"ssd hdd usb api ssh http https tcp udp ip id uid gid pid os io sql html xml yaml css js ssl tls iso ascii utf8 utf lan wan vpn " +
	"mx txt ns aaaa cname soa srv ptr spf dkim hup int term kill usr1 usr2 sighup sigterm sigkill sigint stop cont " +
	"ui ux cli gui ci cd qa pr faq eta tbh imo afaik idk nas vm dm")

// extractEnvName reads a variable named in capitals ("the value of PATH", "$HOME"). The word stays
// unclaimed: only a template that takes it understands it.
func extractEnvName(toks []token, s *slots) {
	for i, t := range toks {
		if !t.used && !t.quoted && envNameRE.MatchString(t.raw) && !shouted[t.lower] && !acronymBefore(toks, i) {
			s.envName = strings.Trim(t.raw, "${}")
			return
		}
	}
}

// acronymBefore reports whether the capitals at i are an abbreviation before a noun, not a variable:
// "the EU office", "our US team".
func acronymBefore(toks []token, i int) bool {
	t := toks[i]
	if strings.ContainsAny(t.raw, "_0123456789$") || i == 0 || i+1 >= len(toks) || t.comma {
		return false
	}
	p, n := toks[i-1].lower, toks[i+1]
	return (p == "the" || p == "our" || p == "their" || p == "an" || p == "a") && !n.quoted && isAlpha(n.raw) && n.raw == n.lower && !notAcronymNext[n.lower]
}

// notAcronymNext follow a variable's name, not an abbreviation's noun: "the PATH environment variable",
// "the HOME and SHELL variables".
var notAcronymNext = setOf("variable variables var vars env environment to is and or value values setting settings")

// hostShaped matches the names people give machines: letters, maybe dashes, and a number (web1, db-2,
// node03, prod-web-01).
var hostShaped = regexp.MustCompile(`^[a-z][a-z-]*[a-z]-?[0-9]{1,3}$`)

// machineCompound reports whether w names a machine by what it is: "fileserver", "dbhost",
// "build-server".
func machineCompound(w string) bool {
	for _, suffix := range []string{"server", "host"} {
		if stem, ok := strings.CutSuffix(w, suffix); ok {
			stem = strings.TrimSuffix(stem, "-")
			return len(stem) >= 2 && isAlpha(stem)
		}
	}
	return false
}

// hostCues are the words after which a host-shaped name is a machine: "ping web1", "copy it to /tmp on
// web1", "pull it from db2", "is db1 answering".
var hostCues = setOf("ping pinging traceroute on from off reach reachable")

// transferVerbs send a file somewhere.
var transferVerbs = setOf("copy send upload push ship transfer deploy put")

// networkWords say a request is about a machine on the network.
var networkWords = setOf("port ports up down online offline reachable answering responding ping alive listening connect " +
	"ssh scp rsync key keys server remote login")

// inflectedKeyword reports whether t is a keyword of the catalogue in another form ("runs", "keeps"):
// a verb, no name.
func (e *Engine) inflectedKeyword(t token) bool {
	return t.lower != t.stem && strings.HasSuffix(t.lower, "s") && e.cat.index[t.stem] != nil
}

// extractServerName reads a machine named after the word server, host or machine ("copy x to the
// server web01"), which needs no dot to be a host, or a host-shaped name after a host cue.
func extractServerName(e *Engine, toks []token, s *slots) {
	via := slices.ContainsFunc(toks, func(t token) bool { return t.lower == "through" || t.lower == "via" })
	if len(s.hosts) > 1 || len(s.hosts) == 1 && !via {
		return // a tunnel names two machines: the one it goes through and the one it leads to
	}
	at := func(i int) {
		s.hosts = append(s.hosts, toks[i].raw)
		toks[i].used = true
	}
	for i := 0; i+1 < len(toks); i++ {
		switch toks[i].lower {
		case "server", "host", "machine", "box", "vm":
		default:
			continue
		}
		t := toks[i+1]
		if toks[i].comma { // "the dev server? cargo watch ...": the next sentence names no machine
			continue
		}
		if t.used || t.quoted || !isIdentifier(t.raw) || isNumber(t.lower) || e.cat.has("stop", t.lower) || e.cat.has("notperson", t.lower) || hostAttributes[t.lower] || askWords[t.lower] ||
			e.inflectedKeyword(t) || // "this VM runs on": what it does, not its name
			isAlpha(t.lower) && (pastTense(t.lower) || len(t.lower) > 5 && strings.HasSuffix(t.lower, "ing")) {
			continue // "the server shipped with UTC", "the box running nginx": what it did, not its name
		}
		at(i + 1)
		return
	}
	named := func(i int) bool {
		t := toks[i]
		return !t.used && !t.quoted && (hostShaped.MatchString(t.raw) || machineCompound(t.lower)) && e.cat.index[t.lower] == nil
	}
	for i := 0; i+1 < len(toks); i++ {
		if !hostCues[toks[i].lower] || toks[i].quoted || !named(i+1) {
			continue
		}
		if x := tldrIndex(); x != nil && x.IsProgram(toks[i+1].lower) {
			continue // "on python3"
		}
		at(i + 1)
		return
	}
	for i := 1; i+3 < len(toks); i++ {
		// "copy deploy.tar.gz over to web01 into /opt/releases": a machine-shaped name that has a folder
		// of its own is where a copy goes.
		if toks[i].lower == "to" && named(i+1) && (toks[i+2].lower == "into" || toks[i+2].lower == "in" || toks[i+2].lower == "under") &&
			(strings.HasPrefix(toks[i+3].raw, "/") || strings.HasPrefix(toks[i+3].raw, "~/")) &&
			slices.ContainsFunc(toks[:i], func(t token) bool { return transferVerbs[t.lower] }) {
			if x := tldrIndex(); x == nil || !x.IsProgram(toks[i+1].lower) {
				at(i + 1)
				return
			}
		}
	}
	if !slices.ContainsFunc(toks, func(t token) bool { return networkWords[t.lower] }) {
		return
	}
	for i := 0; i+1 < len(toks); i++ {
		// "check if db1 is answering on port 5432", "is web1 up": a machine the network words ask about.
		if w := toks[i].lower; (w == "if" || w == "whether" || w == "is" || w == "to" || w == "onto" || w == "into" || w == "for") && named(i+1) {
			at(i + 1)
			return
		}
		if (i == 0 || toks[i-1].comma) && named(i) && toks[i+1].lower == "is" {
			at(i) // "web02 is only reachable through jump.example.com"
			return
		}
	}
	viaSSH := slices.ContainsFunc(toks, func(t token) bool {
		return t.lower == "ssh" || t.lower == "scp" || t.lower == "rsync" || t.lower == "sftp"
	})
	inCluster := slices.ContainsFunc(toks, func(t token) bool { return clusterWords[t.lower] })
	for i := range toks {
		// "we rebuilt build01 and now ssh refuses to connect": the one machine-shaped name of a request
		// about ssh; in one about pods or containers, such a name is theirs.
		if viaSSH && !inCluster && named(i) && (i == 0 || !e.cat.has("notperson", toks[i-1].lower)) {
			if x := tldrIndex(); x == nil || !x.IsProgram(toks[i].lower) {
				at(i)
				return
			}
		}
	}
}

// sshVerbs say what ssh did or says, after its name: "now ssh says ...".
var sshVerbs = setOf("says said keeps kept complains complained asks asked prints printed shows showed tells told gives gave refuses refused fails failed hangs hung")

// extractSSHTarget reads the machine after "ssh" ("ssh into prod-1", "ssh to db as deploy"), which
// needs no dot to be a host, and the login "as USER", and joins them as user@host.
func (e *Engine) extractSSHTarget(toks []token, s *slots) {
	at := -1
	for i := range toks {
		if !toks[i].quoted && toks[i].lower == "ssh" {
			at = i
			break
		}
	}
	if at < 0 {
		return
	}
	if pv := prevWord(toks, at); len(s.hosts) == 0 && !toks[at].comma && pv != "over" && pv != "via" && pv != "through" {
		// "copy it there over ssh, preserving ...", "ssh says": no machine named after it.
		for j := at + 1; j < len(toks) && j <= at+4; j++ {
			t := toks[j]
			if t.quoted || t.comma && j > at+1 || sshVerbs[t.lower] || e.inflectedKeyword(t) {
				break
			}
			switch t.lower {
			case "into", "to", "onto", "on", "the", "server", "host", "machine", "box", "remote", "login", "log", "in", "connect":
				continue
			}
			if t.used || !isIdentifier(t.raw) || e.cat.has("stop", t.lower) || isNumber(t.lower) {
				break
			}
			s.hosts = append(s.hosts, t.raw)
			toks[j].used = true
			break
		}
	}
	if len(s.hosts) == 0 || strings.ContainsAny(s.hosts[0], "@$") {
		return
	}
	for j := 0; j+1 < len(toks); j++ {
		if toks[j].quoted || toks[j].lower != "as" {
			continue
		}
		k := j + 1
		if toks[k].lower == "user" && k+1 < len(toks) {
			k++
		}
		if toks[k].used || !isIdentifier(toks[k].raw) || strings.ContainsAny(toks[k].raw, "${}.") || e.cat.has("stop", toks[k].lower) {
			continue
		}
		s.hosts[0] = toks[k].raw + "@" + s.hosts[0]
		markUsed(toks, j, k+1)
		return
	}
	if s.user != "" {
		s.hosts[0] = s.user + "@" + s.hosts[0]
	}
}

// extractGroupAfter reads the group named before the word: "add bob to the docker group".
func (e *Engine) extractGroupAfter(toks []token, s *slots) {
	if s.group != "" {
		return
	}
	for i := 2; i < len(toks); i++ {
		if toks[i].quoted || toks[i].lower != "group" {
			continue
		}
		g := toks[i-1]
		if g.quoted || g.used || !isIdentifier(g.raw) || e.cat.has("stop", g.lower) || e.cat.has("notperson", g.lower) {
			continue
		}
		j := i - 2
		if j > 0 && toks[j].lower == "the" {
			j--
		}
		switch toks[j].lower {
		case "to", "from", "in", "into", "of":
			s.group = g.raw
			markUsed(toks, i-1, i+1)
			return
		}
	}
}

// superlatives and singularThings make "the newest file" one file.
var (
	superlatives   = setOf("newest latest oldest largest biggest smallest heaviest")
	singularThings = setOf("file folder directory dir")
)

// cutPossessive returns w without its "'s" ("nginx's" is nginx), and whether it had one.
func cutPossessive(w string) (string, bool) {
	for _, suffix := range []string{"'s", "’s"} {
		if name, ok := strings.CutSuffix(w, suffix); ok && name != "" {
			return name, true
		}
	}
	return w, false
}
