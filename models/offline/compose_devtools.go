package offline

import (
	"regexp"
	"strconv"
	"strings"
)

// processWords follow a program said as what runs: "a vim running", "node processes".
var processWords = setOf("running runnning runs process processes instance instances")

// releaseTag is a version as tags name releases: v2.1.0, 1.4, v3.
var releaseTag = regexp.MustCompile(`^v?\d+(\.\d+)*(-[a-z0-9.]+)?$`)

// dbImages are the database images people run in docker, by the words that name them: the image, the
// port it listens on and the variable that sets its password ("" when it takes none).
var dbImages = map[string]struct{ image, port, passVar string }{
	"postgres": {"postgres", "5432", "POSTGRES_PASSWORD"}, "postgresql": {"postgres", "5432", "POSTGRES_PASSWORD"},
	"mysql": {"mysql", "3306", "MYSQL_ROOT_PASSWORD"}, "mariadb": {"mariadb", "3306", "MARIADB_ROOT_PASSWORD"},
	"redis": {"redis", "6379", ""}, "mongo": {"mongo", "27017", "MONGO_INITDB_ROOT_PASSWORD"}, "mongodb": {"mongo", "27017", "MONGO_INITDB_ROOT_PASSWORD"},
}

// dbContainer renders the arguments of docker run for a database: the port published (the one said,
// else the database's own), its password ("password can just be secret") and the image with the
// version said ("postgres 16" is postgres:16).
func (c *composer) dbContainer() (string, bool) {
	for i, t := range c.toks {
		db, ok := dbImages[t.lower]
		if !ok || t.quoted {
			continue
		}
		image := db.image
		if i+1 < len(c.toks) && isVersion(c.toks[i+1].lower) {
			image += ":" + c.toks[i+1].lower
			c.toks[i+1].used = true
		}
		port := db.port
		if len(c.s.ports) > 0 {
			port = c.s.ports[0]
		}
		out := "-p " + port + ":" + db.port
		if pass := c.passwordSaid(); pass != "" && db.passVar != "" {
			out += " -e " + db.passVar + "=" + quote(pass)
		}
		c.usedWords++
		return out + " " + image, true
	}
	return "", false
}

// passwordSaid is the password a request gives after "password" ("password can just be secret",
// "with password hunter2"), skipping the little words between; "" when none.
func (c *composer) passwordSaid() string {
	for i, t := range c.toks {
		if t.lower != "password" && t.lower != "pass" && t.lower != "pw" {
			continue
		}
		for j := i + 1; j < len(c.toks) && j <= i+5; j++ {
			w := c.toks[j]
			if w.quoted || !c.e.cat.has("stop", w.lower) && w.lower != "just" && w.lower != "can" && w.lower != "set" && w.lower != "of" && w.lower != "is" && w.lower != "be" {
				c.toks[j].used = true
				return w.raw
			}
		}
	}
	return ""
}

// isVersion reports whether w reads as a version: 16, 8.0, 7.2.4.
func isVersion(w string) bool {
	if w == "" || w[0] < '0' || w[0] > '9' {
		return false
	}
	for _, r := range w {
		if (r < '0' || r > '9') && r != '.' {
			return false
		}
	}
	return true
}

// npmPackages are the packages people name by what they are: "the typescript compiler" is typescript.
var npmPackages = map[string]string{"typescript": "typescript", "tsc": "typescript", "eslint": "eslint",
	"prettier": "prettier", "yarn": "yarn", "pnpm": "pnpm", "nodemon": "nodemon", "pm2": "pm2", "npx": "npm"}

// npmPackage is the package a global install names: one people know by name, else the name said.
func (c *composer) npmPackage() (string, bool) {
	for i, t := range c.toks {
		if p, ok := npmPackages[t.lower]; ok && !t.quoted {
			c.toks[i].used = true
			return p, true
		}
	}
	return c.value("name")
}

// certDays is how long a certificate is to stay valid, in days: "good for a year" is 365, "for 90
// days" 90, "2 years" 730; 365 when the request does not say.
func (c *composer) certDays() string {
	for i, t := range c.toks {
		n := 1
		if i > 0 {
			if v, err := strconv.Atoi(c.toks[i-1].lower); err == nil && v > 0 {
				n = v
			}
		}
		switch strings.TrimSuffix(t.lower, "s") {
		case "year":
			c.toks[i].used = true
			return strconv.Itoa(365 * n)
		case "day":
			if n > 1 {
				c.toks[i].used = true
				return strconv.Itoa(n)
			}
		case "month":
			c.toks[i].used = true
			return strconv.Itoa(30 * n)
		}
	}
	return "365"
}

// branchNamed reports whether t can be a branch's name as said: release/2.4, feature-x, develop.
func branchNamed(t token) bool {
	return !t.quoted && t.raw != "" && !strings.HasPrefix(t.raw, "/") && !strings.HasPrefix(t.raw, ".") &&
		!strings.HasPrefix(t.raw, "~") && strings.Trim(t.raw, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-") == ""
}
