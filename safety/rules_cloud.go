package safety

import (
	"path"
	"strings"
)

// Rules about clusters, containers and cloud CLIs: kubectl, helm, terraform, aws, gcloud, az, docker.

func init() {
	register(ruleKubectl, "kubectl", "oc", "k")
	register(ruleHelm, "helm")
	register(ruleTerraform, "terraform", "tofu", "terragrunt", "pulumi", "cdk", "serverless", "sls")
	register(ruleAws, "aws")
	register(ruleGcloud, "gcloud", "gsutil")
	register(ruleAz, "az")
	register(ruleDocker, "docker", "podman", "nerdctl")
	register(ruleCompose, "docker-compose", "podman-compose")
	register(ruleHostedCLIs, "heroku", "doctl", "flyctl", "fly", "vercel", "netlify", "firebase", "eksctl", "minikube", "kind", "vagrant", "virsh")
}

// verbs returns the non-option words of args, in order.
func verbs(args []arg, withValue map[string]bool) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		v := args[i].Value
		if strings.HasPrefix(v, "-") {
			if withValue[v] && !strings.Contains(v, "=") {
				i++
			}
			continue
		}
		out = append(out, v)
	}
	return out
}

var kubectlValueOpts = setOf("-n", "--namespace", "--context", "--cluster", "--kubeconfig", "-l", "--selector",
	"-o", "--output", "-f", "--filename", "-c", "--container", "--user", "-s", "--server", "--field-selector",
	"--grace-period", "--timeout", "-p", "--replicas")

func ruleKubectl(c *checker, cl *call) {
	v := verbs(cl.Args, kubectlValueOpts)
	if len(v) == 0 {
		return
	}
	has := func(short string, long ...string) bool { return hasFlag(cl.Args, short, long...) }
	switch v[0] {
	case "delete":
		kind := ""
		if len(v) > 1 {
			kind = strings.ToLower(strings.SplitN(v[1], "/", 2)[0])
		}
		switch {
		case kind == "namespace" || kind == "namespaces" || kind == "ns" || kind == "node" || kind == "nodes" ||
			kind == "pv" || kind == "persistentvolume" || kind == "persistentvolumes" || kind == "crd" ||
			kind == "customresourcedefinition" || kind == "customresourcedefinitions" || kind == "all":
			c.flagCall(cl, "k8s.delete-namespace", Critical, "kubectl delete "+kind+" destroys everything it holds")
		case has("A", "--all", "--all-namespaces"):
			c.flagCall(cl, "k8s.delete-all", Critical, "kubectl delete --all removes every matching resource")
		case (kind == "pod" || kind == "pods" || kind == "po") && !has("l", "--selector", "-f", "--filename", "--field-selector") && podNames(v) == 1:
			// A pod a deployment or other controller runs is recreated at once.
			c.flagCall(cl, "k8s.delete-pod", Moderate, "kubectl delete removes one pod; its controller, if it has one, starts a new one")
		default:
			c.flagCall(cl, "k8s.delete", High, "kubectl delete removes cluster resources")
		}
	case "drain":
		c.flagCall(cl, "k8s.drain", High, "kubectl drain evicts every pod from the node")
	case "replace":
		if has("", "--force") {
			c.flagCall(cl, "k8s.replace-force", High, "kubectl replace --force deletes and recreates resources")
		} else {
			c.flagCall(cl, "k8s.apply", Moderate, "kubectl replace changes cluster resources")
		}
	case "apply", "create", "patch", "edit", "set", "label", "annotate", "rollout", "cordon", "uncordon", "taint", "expose", "autoscale", "run":
		if v[0] == "rollout" && len(v) > 1 && (v[1] == "status" || v[1] == "history") {
			return
		}
		if v[0] == "apply" && has("", "--prune") {
			c.flagCall(cl, "k8s.apply-prune", High, "kubectl apply --prune deletes resources not in the manifests")
			return
		}
		c.flagCall(cl, "k8s.apply", Moderate, "kubectl "+v[0]+" changes cluster resources")
	case "scale":
		c.flagCall(cl, "k8s.scale", Moderate, "kubectl scale changes how many replicas run")
	}
}

// podNames counts the pods named by kubectl delete's verbs: delete pod a b, delete pod/a.
func podNames(v []string) int {
	if len(v) < 2 {
		return 0
	}
	if strings.Contains(v[1], "/") {
		return len(v) - 1
	}
	return len(v) - 2
}

func ruleHelm(c *checker, cl *call) {
	v := verbs(cl.Args, kubectlValueOpts)
	if len(v) == 0 {
		return
	}
	switch v[0] {
	case "uninstall", "delete", "del", "un":
		c.flagCall(cl, "k8s.helm-uninstall", High, "helm uninstall removes the release and its resources")
	case "install", "upgrade", "rollback":
		c.flagCall(cl, "k8s.helm-install", Moderate, "helm "+v[0]+" changes what runs in the cluster")
	}
}

func ruleTerraform(c *checker, cl *call) {
	v := verbs(cl.Args, setOf("-chdir", "-var", "-var-file", "-target", "--stack", "-s"))
	if len(v) == 0 {
		return
	}
	has := func(long ...string) bool {
		for _, a := range cl.Args {
			for _, l := range long {
				if a.Value == l || strings.HasPrefix(a.Value, l+"=") {
					return true
				}
			}
		}
		return false
	}
	switch v[0] {
	case "destroy", "remove", "rm":
		if cl.Name == "cdk" || cl.Name == "serverless" || cl.Name == "sls" || cl.Name == "pulumi" || v[0] == "destroy" {
			c.flagCall(cl, "cloud.destroy", Critical, cl.Name+" "+v[0]+" tears down the infrastructure it manages")
		}
	case "apply", "up", "deploy", "run-all":
		if has("-destroy", "--destroy") || len(v) > 1 && v[1] == "destroy" {
			c.flagCall(cl, "cloud.destroy", Critical, cl.Name+" apply -destroy tears down the infrastructure it manages")
			return
		}
		if has("-auto-approve", "--auto-approve", "--yes", "-y", "--require-approval") {
			c.flagCall(cl, "cloud.apply", High, cl.Name+" "+v[0]+" changes infrastructure without asking first")
			return
		}
		c.flagCall(cl, "cloud.apply", Moderate, cl.Name+" "+v[0]+" changes infrastructure")
	case "state":
		if len(v) > 1 && (v[1] == "rm" || v[1] == "push" || v[1] == "replace-provider") {
			c.flagCall(cl, "cloud.state", High, "terraform state "+v[1]+" edits the state: resources may be orphaned or destroyed later")
		}
	case "import", "taint", "untaint", "force-unlock":
		c.flagCall(cl, "cloud.state", Moderate, cl.Name+" "+v[0]+" edits the state")
	case "workspace":
		if len(v) > 1 && v[1] == "delete" {
			c.flagCall(cl, "cloud.state", High, "deletes a terraform workspace and its state")
		}
	case "stack":
		if len(v) > 1 && v[1] == "rm" {
			c.flagCall(cl, "cloud.destroy", High, "removes a pulumi stack")
		}
	}
}

// awsCritical are aws operations that destroy data or whole services.
var awsCritical = setOf("terminate-instances", "delete-db-instance", "delete-db-cluster", "delete-table",
	"delete-bucket", "delete-stack", "delete-cluster", "delete-file-system", "delete-volume", "delete-vpc",
	"delete-repository", "delete-secret", "schedule-key-deletion", "delete-hosted-zone", "delete-backup-vault",
	"delete-recovery-point", "delete-user-pool", "delete-account", "close-account", "delete-nodegroup",
	"delete-domain", "delete-global-cluster", "delete-keyspace", "delete-db-snapshot")

func ruleAws(c *checker, cl *call) {
	v := verbs(cl.Args, setOf("--profile", "--region", "--output", "--query", "--endpoint-url", "--bucket", "--key",
		"--instance-ids", "--stack-name", "--table-name", "--db-instance-identifier", "--cli-input-json", "--include", "--exclude", "--acl"))
	if len(v) < 2 {
		return
	}
	svc, op := v[0], v[1]
	has := func(long ...string) bool { return hasFlag(cl.Args, "", long...) }
	if svc == "s3" {
		switch op {
		case "rm":
			if has("--recursive") {
				c.flagCall(cl, "cloud.s3-rm", Critical, "aws s3 rm --recursive deletes every object under the prefix")
			} else {
				c.flagCall(cl, "cloud.s3-rm", High, "aws s3 rm deletes an object")
			}
		case "rb":
			if has("--force") {
				c.flagCall(cl, "cloud.s3-rb", Critical, "aws s3 rb --force deletes the bucket and everything in it")
			} else {
				c.flagCall(cl, "cloud.s3-rb", High, "aws s3 rb deletes the bucket")
			}
		case "sync":
			if has("--delete") {
				c.flagCall(cl, "cloud.s3-sync-delete", High, "aws s3 sync --delete deletes files missing from the source")
			}
		case "mv":
			c.flagCall(cl, "cloud.s3-mv", Moderate, "aws s3 mv moves objects")
		}
		return
	}
	if svc == "s3api" && (op == "delete-bucket" || op == "delete-objects") {
		c.flagCall(cl, "cloud.s3-rb", Critical, "aws s3api "+op+" deletes bucket data")
		return
	}
	switch {
	case awsCritical[op]:
		c.flagCall(cl, "cloud.aws-destroy", Critical, "aws "+svc+" "+op+" destroys the resource and its data")
	case strings.HasPrefix(op, "delete-") || strings.HasPrefix(op, "terminate-") || strings.HasPrefix(op, "remove-") ||
		strings.HasPrefix(op, "deregister-") || strings.HasPrefix(op, "purge-"):
		c.flagCall(cl, "cloud.aws-delete", High, "aws "+svc+" "+op+" deletes a cloud resource")
	case strings.HasPrefix(op, "stop-") || strings.HasPrefix(op, "reboot-") || strings.HasPrefix(op, "detach-") ||
		strings.HasPrefix(op, "revoke-") || strings.HasPrefix(op, "disable-"):
		c.flagCall(cl, "cloud.aws-change", Moderate, "aws "+svc+" "+op+" changes a cloud resource")
	case strings.HasPrefix(op, "put-") || strings.HasPrefix(op, "create-") || strings.HasPrefix(op, "update-") ||
		strings.HasPrefix(op, "attach-") || strings.HasPrefix(op, "authorize-") || strings.HasPrefix(op, "run-") ||
		strings.HasPrefix(op, "modify-") || strings.HasPrefix(op, "start-") || strings.HasPrefix(op, "set-"):
		c.flagCall(cl, "cloud.aws-change", Moderate, "aws "+svc+" "+op+" changes cloud resources")
	}
}

func ruleGcloud(c *checker, cl *call) {
	v := verbs(cl.Args, setOf("--project", "--zone", "--region", "--format", "--account", "--configuration"))
	if cl.Name == "gsutil" {
		if len(v) > 0 && (v[0] == "rm" || v[0] == "rb") {
			if hasFlag(cl.Args, "r", "") || v[0] == "rb" {
				c.flagCall(cl, "cloud.gcs-rm", Critical, "gsutil "+v[0]+" deletes a bucket or everything under a prefix")
			} else {
				c.flagCall(cl, "cloud.gcs-rm", High, "gsutil rm deletes objects")
			}
		}
		return
	}
	for i, w := range v {
		if w == "delete" {
			group := strings.Join(v[:i], " ")
			if group == "projects" || strings.HasPrefix(group, "sql") || strings.Contains(group, "clusters") ||
				strings.HasPrefix(group, "storage buckets") || strings.HasPrefix(group, "spanner") || strings.HasPrefix(group, "firestore") {
				c.flagCall(cl, "cloud.gcloud-destroy", Critical, "gcloud "+group+" delete destroys the resource and its data")
			} else {
				c.flagCall(cl, "cloud.gcloud-delete", High, "gcloud "+group+" delete deletes a cloud resource")
			}
			return
		}
		if w == "rm" && i > 0 && v[i-1] == "storage" {
			r := High
			if hasFlag(cl.Args, "r", "--recursive") {
				r = Critical
			}
			c.flagCall(cl, "cloud.gcs-rm", r, "gcloud storage rm deletes objects")
			return
		}
	}
	for _, w := range v {
		switch w {
		case "create", "update", "deploy", "stop", "reset", "resize", "add-iam-policy-binding", "set-iam-policy":
			c.flagCall(cl, "cloud.gcloud-change", Moderate, "gcloud "+w+" changes cloud resources")
			return
		}
	}
}

func ruleAz(c *checker, cl *call) {
	v := verbs(cl.Args, setOf("--name", "-n", "--resource-group", "-g", "--subscription", "--output", "-o", "--query"))
	for i, w := range v {
		if w == "delete" || w == "purge" {
			group := strings.Join(v[:i], " ")
			if group == "group" || strings.HasPrefix(group, "sql") || strings.HasPrefix(group, "cosmosdb") ||
				strings.HasPrefix(group, "aks") || strings.HasPrefix(group, "storage account") || group == "keyvault" {
				c.flagCall(cl, "cloud.az-destroy", Critical, "az "+group+" "+w+" destroys the resources and their data")
			} else {
				c.flagCall(cl, "cloud.az-delete", High, "az "+group+" "+w+" deletes a cloud resource")
			}
			return
		}
	}
	for _, w := range v {
		switch w {
		case "create", "update", "set", "stop", "restart", "deallocate", "scale":
			c.flagCall(cl, "cloud.az-change", Moderate, "az "+w+" changes cloud resources")
			return
		}
	}
}

var dockerValueOpts = setOf("-H", "--host", "--context", "--config", "-f", "--filter", "--format", "-e", "--env",
	"-v", "--volume", "-p", "--publish", "--name", "-w", "--workdir", "-u", "--user", "--network", "--entrypoint",
	"--mount", "-l", "--label", "--env-file", "--platform", "-t", "--tag", "--restart", "-m", "--memory", "--cpus",
	"--device", "--cap-add", "--cap-drop", "--pid", "--ipc", "--until", "--signal", "-s")

func ruleDocker(c *checker, cl *call) {
	v := verbs(cl.Args, dockerValueOpts)
	if len(v) == 0 {
		return
	}
	has := func(short string, long ...string) bool { return hasFlag(cl.Args, short, long...) }
	dynamicTargets := false
	for _, a := range cl.Args {
		if a.Dynamic && len(a.Subs) > 0 || a.Value == "{input}" {
			dynamicTargets = true
		}
	}
	sub := v[0]
	if (sub == "container" || sub == "image" || sub == "volume" || sub == "network" || sub == "system" ||
		sub == "builder" || sub == "buildx") && len(v) > 1 {
		sub = sub + " " + v[1]
	}
	switch sub {
	case "system prune":
		if has("a", "--all", "--volumes") {
			c.flagCall(cl, "docker.prune-all", High, "docker system prune -a deletes every unused image, container and network")
		} else {
			c.flagCall(cl, "docker.prune", Moderate, "docker system prune deletes stopped containers and dangling images")
		}
	case "volume prune", "volume rm":
		c.flagCall(cl, "docker.volume-rm", High, "deletes docker volumes and the data in them")
	case "rm", "container rm", "rmi", "image rm", "container prune", "image prune", "network prune", "network rm", "builder prune":
		if dynamicTargets || has("a", "--all") && sub != "rm" {
			c.flagCall(cl, "docker.rm-all", High, "docker "+sub+" deletes many containers or images at once")
			return
		}
		if has("v", "--volumes") && (sub == "rm" || sub == "container rm") {
			c.flagCall(cl, "docker.volume-rm", High, "docker rm -v deletes the container's volumes too")
			return
		}
		c.flagCall(cl, "docker.rm", Moderate, "docker "+sub+" deletes containers or images")
	case "kill", "stop", "container stop", "container kill", "restart", "pause":
		if dynamicTargets {
			c.flagCall(cl, "docker.stop-all", Moderate, "docker "+sub+" stops many containers at once")
		} else {
			c.flagCall(cl, "docker.stop", Moderate, "docker "+sub+" stops a container")
		}
	case "run", "container run", "create":
		c.containerAccess(cl)
	case "swarm leave":
		c.flagCall(cl, "docker.swarm", Moderate, "leaves the swarm")
	}
	if v[0] == "compose" {
		ruleCompose(c, &call{Name: "docker-compose", Args: cl.Args[1:], Span: cl.Span})
	}
}

// hostMountRisky are host paths whose mount hands a container the machine.
var hostMountRisky = setOf("/", "/etc", "/root", "/home", "/boot", "/usr", "/var", "/dev", "/proc", "/sys",
	"/var/lib/docker", "/lib", "/bin", "/sbin", "/Users")

// containerAccess rates what of the host a container may reach: a mount of the root, a system
// directory or the docker socket, and privileges. A read-only mount is moderate: the container can read
// secrets but change nothing; the docker socket is high even read-only, as it gives root on the host.
func (c *checker) containerAccess(cl *call) {
	args := cl.Args
	for i := 0; i < len(args); i++ {
		v := args[i].Value
		name, val, hasVal := strings.Cut(v, "=")
		if !hasVal && (name == "-v" || name == "--volume" || name == "--mount" || name == "--pid" || name == "--cap-add") && i+1 < len(args) {
			i++
			val, hasVal = args[i].Value, true
		}
		var m mount
		var ok bool
		switch {
		case v == "--privileged":
			c.flagCall(cl, "docker.privileged", High, "the container runs with full access to the host (--privileged)")
			continue
		case name == "--pid" && val == "host", name == "--cap-add" && (strings.EqualFold(val, "SYS_ADMIN") || strings.EqualFold(val, "ALL")):
			c.flagCall(cl, "docker.privileged", High, "the container runs with full access to the host ("+name+"="+val+")")
			continue
		case (name == "-v" || name == "--volume") && hasVal:
			m, ok = c.parseVolume(val)
		case name == "--mount" && hasVal:
			m, ok = c.parseMount(val)
		}
		if !ok {
			continue
		}
		src := path.Clean(m.src)
		switch {
		case src == "/var/run/docker.sock" || src == "/run/docker.sock":
			c.flagCall(cl, "docker.host-mount", High, "the container gets the host's docker socket: it can start a container that owns the machine")
		case hostMountRisky[src] && m.ro:
			c.flagCall(cl, "docker.host-mount", Moderate, "the container can read the host's "+src+" (mounted read-only): secrets in it are exposed")
		case hostMountRisky[src]:
			c.flagCall(cl, "docker.host-mount", High, "the container gets the host's "+src+" read-write: it can take over the machine")
		}
	}
}

func ruleCompose(c *checker, cl *call) {
	v := verbs(cl.Args, setOf("-f", "--file", "-p", "--project-name", "--profile", "--env-file"))
	if len(v) == 0 {
		return
	}
	switch v[0] {
	case "down":
		if hasFlag(cl.Args, "v", "--volumes") {
			c.flagCall(cl, "docker.volume-rm", High, "compose down -v deletes the project's volumes and their data")
		} else {
			c.flagCall(cl, "docker.stop", Moderate, "compose down stops and removes the project's containers")
		}
	case "rm":
		c.flagCall(cl, "docker.rm", Moderate, "compose rm deletes stopped containers")
	case "kill", "stop":
		c.flagCall(cl, "docker.stop", Moderate, "compose "+v[0]+" stops containers")
	}
}

func ruleHostedCLIs(c *checker, cl *call) {
	v := verbs(cl.Args, setOf("-a", "--app", "--context", "--project"))
	if len(v) == 0 {
		return
	}
	j := strings.Join(v, " ")
	switch {
	case strings.Contains(j, "apps:destroy") || strings.Contains(j, "pg:reset") || strings.Contains(j, "apps destroy") ||
		cl.Name == "eksctl" && v[0] == "delete" || (cl.Name == "vagrant" && v[0] == "destroy") ||
		cl.Name == "virsh" && (v[0] == "undefine" || v[0] == "vol-delete"):
		c.flagCall(cl, "cloud.destroy", Critical, cl.Name+" "+j+" destroys the app, cluster or machine and its data")
	case v[0] == "delete" || v[0] == "destroy" || v[0] == "rm" || v[0] == "remove" || strings.HasSuffix(v[0], ":destroy") ||
		strings.HasSuffix(v[0], ":delete") || cl.Name == "virsh" && v[0] == "destroy":
		c.flagCall(cl, "cloud.delete", High, cl.Name+" "+j+" deletes a cloud resource")
	case v[0] == "deploy" || strings.HasSuffix(v[0], ":set") || v[0] == "scale":
		c.flagCall(cl, "cloud.change", Moderate, cl.Name+" "+v[0]+" changes a deployment")
	}
}
