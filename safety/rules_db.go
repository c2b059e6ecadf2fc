package safety

import (
	"cmp"
	"path"
	"strings"
)

// Rules about databases: SQL given to psql, mysql, sqlite3 and friends, dropdb, redis-cli, mongo shells.

func init() {
	register(ruleSQLClient, "psql", "mysql", "mariadb", "sqlite3", "clickhouse-client", "clickhouse", "cockroach",
		"sqlcmd", "duckdb", "pgcli", "mycli", "snowsql", "bq", "cqlsh", "trino", "presto", "usql", "mongosh", "mongo")
	register(ruleDropDB, "dropdb", "mysqladmin", "dropuser")
	register(ruleRedis, "redis-cli", "valkey-cli", "keydb-cli")
}

// sqlRisk judges SQL text: dropping a database or table is critical, deleting rows without WHERE high.
func sqlRisk(sql string) (Risk, string, string) {
	u := strings.ToUpper(sql)
	u = strings.Join(strings.Fields(u), " ")
	best, id, msg := Safe, "", ""
	raise := func(r Risk, i, m string) {
		if r > best {
			best, id, msg = r, i, m
		}
	}
	for _, stmt := range strings.Split(u, ";") {
		s := strings.TrimSpace(stmt)
		switch {
		case strings.HasPrefix(s, "DROP DATABASE"), strings.HasPrefix(s, "DROP SCHEMA"), strings.Contains(s, "DB.DROPDATABASE("),
			strings.HasPrefix(s, "DROP KEYSPACE"):
			raise(Critical, "db.drop-database", "drops a whole database")
		case strings.HasPrefix(s, "DROP TABLE"), strings.HasPrefix(s, "DROP OWNED"):
			raise(Critical, "db.drop-table", "drops a table and all its rows")
		case strings.HasPrefix(s, "TRUNCATE"):
			raise(High, "db.truncate", "empties a table (TRUNCATE)")
		case strings.HasPrefix(s, "DELETE FROM") || strings.HasPrefix(s, "DELETE "):
			if !strings.Contains(s, " WHERE ") {
				raise(High, "db.delete-all", "deletes every row of a table (DELETE without WHERE)")
			} else {
				raise(Moderate, "db.delete", "deletes rows")
			}
		case strings.HasPrefix(s, "UPDATE "):
			if !strings.Contains(s, " WHERE ") {
				raise(High, "db.update-all", "changes every row of a table (UPDATE without WHERE)")
			} else {
				raise(Moderate, "db.update", "changes rows")
			}
		case strings.HasPrefix(s, "ALTER TABLE") && strings.Contains(s, " DROP "):
			raise(High, "db.alter-drop", "drops a column or constraint")
		case strings.HasPrefix(s, "DROP "):
			raise(Moderate, "db.drop", "drops a database object")
		case strings.HasPrefix(s, "ALTER "), strings.HasPrefix(s, "CREATE "), strings.HasPrefix(s, "INSERT "),
			strings.HasPrefix(s, "GRANT "), strings.HasPrefix(s, "REVOKE "), strings.HasPrefix(s, "REPLACE "):
			raise(Moderate, "db.write", "changes the database")
		case strings.Contains(s, ".DROP()"):
			raise(High, "db.drop-table", "drops a collection")
		case strings.Contains(s, ".DELETEMANY({})") || strings.Contains(s, ".REMOVE({})"):
			raise(High, "db.delete-all", "deletes every document of a collection")
		}
	}
	return best, id, msg
}

func ruleSQLClient(c *checker, cl *call) {
	var texts []arg
	args := cl.Args
	for i, a := range args {
		v := a.Value
		name, val, eq := strings.Cut(v, "=")
		switch name {
		case "-c", "--command", "-e", "--execute", "-q", "--query", "--eval", "-Q":
			if eq {
				t := a
				t.Value = val
				texts = append(texts, t)
			} else if i+1 < len(args) {
				texts = append(texts, args[i+1])
			}
		}
	}
	if cl.Name == "sqlite3" || cl.Name == "duckdb" || cl.Name == "bq" {
		ops := operands(args, "")
		if len(ops) >= 2 {
			texts = append(texts, ops[len(ops)-1])
		}
	}
	for _, r := range cl.Redirs {
		if r.Op == "<<<" {
			texts = append(texts, r.Target)
		}
		if r.Body != nil {
			texts = append(texts, *r.Body)
		}
	}
	for _, up := range cl.PipeIn {
		if t, ok := c.pipedText(up, 0); ok {
			texts = append(texts, arg{Value: t})
		}
	}
	db := sqlDatabase(cl)
	for _, t := range texts {
		r, id, msg := sqlRisk(t.Value)
		if id == "" {
			continue
		}
		if scratchDB(db) || id == "db.drop-database" && scratchDB(droppedDatabase(t.Value)) {
			// A database named for tests or development holds nothing that cannot be made again.
			switch {
			case id == "db.drop-database":
				r = min(r, High)
			default:
				r = min(r, Moderate)
			}
			msg += " in the test or development database " + cmp.Or(db, droppedDatabase(t.Value))
		}
		c.flagCall(cl, id, r, cl.Name+" "+msg)
	}
}

// sqlDatabase is the database a SQL client connects to, when its command line or environment says.
func sqlDatabase(cl *call) string {
	for _, e := range cl.Env {
		if e.Name == "PGDATABASE" || e.Name == "MYSQL_DATABASE" {
			return e.Value.Value
		}
	}
	if v := valuesOf(cl.Args, "-d", "--dbname", "-D", "--database", "--db"); len(v) > 0 {
		return dbFromURL(v[0].Value)
	}
	// The first operand: psql DBNAME, mysql DBNAME, sqlite3 FILE, mongosh DB or a connection URL.
	skip := map[string]bool{"-c": true, "--command": true, "-e": true, "--execute": true, "-h": true,
		"--host": true, "-U": true, "-u": true, "--user": true, "--username": true, "-p": true, "-P": true,
		"--port": true, "-f": true, "--file": true, "-q": true, "--query": true, "--eval": true, "-Q": true,
		"-S": true, "-W": false}
	args := cl.Args
	for i := 0; i < len(args); i++ {
		v := args[i].Value
		if strings.HasPrefix(v, "-") {
			if skip[v] {
				i++
			}
			continue
		}
		return dbFromURL(v)
	}
	return ""
}

// dbFromURL takes the database from postgres://u@h/db?x, mongodb://h/db, or returns v.
func dbFromURL(v string) string {
	if _, rest, ok := strings.Cut(v, "://"); ok {
		if _, db, ok := strings.Cut(rest, "/"); ok {
			db, _, _ = strings.Cut(db, "?")
			return db
		}
		return ""
	}
	return v
}

// droppedDatabase is the name in DROP DATABASE [IF EXISTS] name.
func droppedDatabase(sql string) string {
	f := strings.Fields(strings.NewReplacer(";", " ", "`", "", `"`, "").Replace(sql))
	for i := 0; i+2 < len(f); i++ {
		if strings.EqualFold(f[i], "DROP") && (strings.EqualFold(f[i+1], "DATABASE") || strings.EqualFold(f[i+1], "SCHEMA")) {
			j := i + 2
			if j+2 < len(f) && strings.EqualFold(f[j], "IF") && strings.EqualFold(f[j+1], "EXISTS") {
				j += 2
			}
			return f[j]
		}
	}
	return ""
}

// scratchDB reports a database whose name says it is for tests or development.
func scratchDB(name string) bool {
	if name == "" {
		return false
	}
	name = strings.ToLower(path.Base(name))
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return !(r >= 'a' && r <= 'z') }) {
		switch w {
		case "test", "tests", "testing", "dev", "devel", "development", "local", "sandbox", "scratch", "tmp",
			"temp", "demo", "ci", "fixture", "fixtures", "e2e", "spec", "playground":
			return true
		}
	}
	return strings.HasPrefix(name, "test") || name == "devdb"
}

func ruleDropDB(c *checker, cl *call) {
	switch cl.Name {
	case "dropdb":
		if hasFlag(cl.Args, "", "--help", "--version") {
			return
		}
		c.flagCall(cl, "db.dropdb", High, "dropdb deletes a whole database")
	case "dropuser":
		c.flagCall(cl, "db.dropuser", Moderate, "dropuser deletes a database role")
	case "mysqladmin":
		for _, a := range cl.Args {
			if a.Value == "drop" {
				c.flagCall(cl, "db.dropdb", High, "mysqladmin drop deletes a whole database")
				return
			}
			if a.Value == "shutdown" {
				c.flagCall(cl, "db.shutdown", Moderate, "mysqladmin shutdown stops the database server")
			}
		}
	}
}

func ruleRedis(c *checker, cl *call) {
	v := verbs(cl.Args, setOf("-h", "-p", "-a", "-n", "-u", "--user", "--pass", "-s", "--tls", "-r", "-i"))
	if len(v) == 0 {
		return
	}
	switch strings.ToUpper(v[0]) {
	case "FLUSHALL":
		c.flagCall(cl, "db.redis-flush", Critical, "FLUSHALL deletes every key in every redis database")
	case "FLUSHDB":
		c.flagCall(cl, "db.redis-flush", Critical, "FLUSHDB deletes every key in the redis database")
	case "SHUTDOWN":
		c.flagCall(cl, "db.shutdown", High, "stops the redis server")
	case "CONFIG":
		if len(v) > 1 && strings.EqualFold(v[1], "SET") {
			c.flagCall(cl, "db.redis-config", High, "changes the running redis configuration (a classic way to write files as redis)")
		}
	case "DEL", "UNLINK", "EXPIRE":
		c.flagCall(cl, "db.redis-del", Moderate, "deletes redis keys")
	case "SET", "HSET", "LPUSH", "RPUSH", "SADD", "ZADD", "INCR":
		c.flagCall(cl, "db.redis-write", Moderate, "writes redis keys")
	}
}
