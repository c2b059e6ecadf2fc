package store

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/oklog/ulid/v2"

	"github.com/cmdai/cmdai/pattern"
)

// Pattern sources: a person's own patterns live beside the team's, which sync replaces wholesale.
const (
	SourceLocal = "local"
	SourceTeam  = "team"
)

// Pattern is a named command template: Command holds `${name}` placeholders that Params describe.
type Pattern struct {
	ID          string   `json:"id"`
	Name        string   `json:"name,omitempty"`
	Prompt      string   `json:"prompt,omitempty"`
	Command     string   `json:"command"`
	Description string   `json:"description,omitempty"`
	Params      []Param  `json:"params,omitempty"`
	Tags        []string `json:"tags,omitempty"`
	// Team is the team's name and TeamID its cloud id, for a team pattern.
	Team    string    `json:"team,omitempty"`
	TeamID  string    `json:"team_id,omitempty"`
	Updated time.Time `json:"updated"`
	// Source is SourceLocal or SourceTeam; Uses is how often the person inserted it. Both are filled in
	// on reading, never stored with the pattern.
	Source string `json:"-"`
	Uses   int    `json:"-"`
}

// Param is a pattern.Param as the store keeps it.
type Param struct {
	Name        string `json:"name"`
	Type        string `json:"type,omitempty"`
	Default     string `json:"default,omitempty"`
	Description string `json:"description,omitempty"`
}

// Model is the parameter p stores.
func (p Param) Model() pattern.Param {
	return pattern.Param{Name: p.Name, Type: pattern.Type(p.Type), Default: p.Default, Description: p.Description}
}

// ParamOf is the stored shape of p.
func ParamOf(p pattern.Param) Param {
	return Param{Name: p.Name, Type: string(p.Type), Default: p.Default, Description: p.Description}
}

// Patterns holds the person's own patterns and the cache of team patterns, with a use count for each.
type Patterns struct {
	db *badger.DB
}

// ErrInvalid means a record was refused as malformed; the message says what to change.
var ErrInvalid = errors.New("invalid")

func patternKey(id string) []byte      { return append([]byte{prefixPattern}, id...) }
func localPatternKey(id string) []byte { return append([]byte{prefixLocalPattern}, id...) }
func patternUseKey(id string) []byte   { return append([]byte{prefixPatternUse}, id...) }

// Replace swaps the cached team patterns for ps in one transaction. Local patterns and use counts stay.
func (p *Patterns) Replace(ctx context.Context, ps []Pattern) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	err := p.db.Update(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{prefixPattern}})
		var old [][]byte
		for it.Rewind(); it.Valid(); it.Next() {
			old = append(old, it.Item().KeyCopy(nil))
		}
		it.Close()
		for _, k := range old {
			if err := txn.Delete(k); err != nil {
				return err
			}
		}
		for _, pt := range ps {
			if pt.ID == "" {
				return fmt.Errorf("pattern without an id: %q", pt.Prompt)
			}
			data, err := json.Marshal(pt)
			if err != nil {
				return fmt.Errorf("encode pattern: %w", err)
			}
			if err := txn.Set(patternKey(pt.ID), data); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("replace patterns: %w", err)
	}
	return nil
}

// List returns every pattern, local ones first, each group ordered by id, with sources and use counts.
func (p *Patterns) List(ctx context.Context) ([]Pattern, error) {
	var ps []Pattern
	err := p.db.View(func(txn *badger.Txn) error {
		for _, g := range []struct {
			prefix byte
			source string
		}{{prefixLocalPattern, SourceLocal}, {prefixPattern, SourceTeam}} {
			it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{g.prefix}, PrefetchValues: true})
			for it.Rewind(); it.Valid(); it.Next() {
				if err := ctx.Err(); err != nil {
					it.Close()
					return err
				}
				var pt Pattern
				if err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &pt) }); err != nil {
					it.Close()
					return fmt.Errorf("decode pattern: %w", err)
				}
				pt.Source = g.source
				ps = append(ps, pt)
			}
			it.Close()
		}
		for i := range ps {
			n, err := uses(txn, ps[i].ID)
			if err != nil {
				return err
			}
			ps[i].Uses = n
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list patterns: %w", err)
	}
	return ps, nil
}

// Search returns the patterns whose name, description, tags, request or command contain every word
// of q (all of them when q is blank), the most used first, then by name; at most limit when positive.
func (p *Patterns) Search(ctx context.Context, q string, limit int) ([]Pattern, error) {
	all, err := p.List(ctx)
	if err != nil {
		return nil, err
	}
	words := strings.Fields(strings.ToLower(q))
	out := all[:0]
	for _, pt := range all {
		hay := strings.ToLower(strings.Join(append([]string{pt.Name, pt.Description, pt.Prompt, pt.Command}, pt.Tags...), " "))
		ok := true
		for _, w := range words {
			if !strings.Contains(hay, w) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, pt)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Uses != out[j].Uses {
			return out[i].Uses > out[j].Uses
		}
		return strings.ToLower(displayName(out[i])) < strings.ToLower(displayName(out[j]))
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func displayName(p Pattern) string {
	if p.Name != "" {
		return p.Name
	}
	return p.Prompt
}

// Get returns the pattern with id, local or team.
func (p *Patterns) Get(ctx context.Context, id string) (Pattern, error) {
	if err := ctx.Err(); err != nil {
		return Pattern{}, err
	}
	var pt Pattern
	err := p.db.View(func(txn *badger.Txn) error {
		var err error
		pt, err = getPattern(txn, id)
		return err
	})
	return pt, err
}

func getPattern(txn *badger.Txn, id string) (Pattern, error) {
	var pt Pattern
	for _, g := range []struct {
		key    []byte
		source string
	}{{localPatternKey(id), SourceLocal}, {patternKey(id), SourceTeam}} {
		item, err := txn.Get(g.key)
		if errors.Is(err, badger.ErrKeyNotFound) {
			continue
		}
		if err != nil {
			return pt, fmt.Errorf("get pattern %s: %w", id, err)
		}
		if err := item.Value(func(v []byte) error { return json.Unmarshal(v, &pt) }); err != nil {
			return pt, fmt.Errorf("decode pattern %s: %w", id, err)
		}
		pt.Source = g.source
		n, err := uses(txn, id)
		pt.Uses = n
		return pt, err
	}
	return pt, fmt.Errorf("pattern %s: %w", id, ErrNotFound)
}

// Save stores a local pattern. A pattern with the ID of an existing local one, or without an ID but with
// the name of one, replaces it; otherwise it gets a new ID. It returns the pattern as stored.
func (p *Patterns) Save(ctx context.Context, pt Pattern) (Pattern, error) {
	if err := ctx.Err(); err != nil {
		return Pattern{}, err
	}
	if err := validatePattern(&pt); err != nil {
		return Pattern{}, err
	}
	err := p.db.Update(func(txn *badger.Txn) error {
		if pt.ID == "" {
			id, err := localIDByName(txn, pt.Name)
			if err != nil {
				return err
			}
			pt.ID = id
		} else if _, err := txn.Get(localPatternKey(pt.ID)); errors.Is(err, badger.ErrKeyNotFound) {
			return fmt.Errorf("local pattern %s: %w", pt.ID, ErrNotFound)
		} else if err != nil {
			return err
		}
		if pt.ID == "" {
			pt.ID = ulid.Make().String()
		}
		pt.Updated = time.Now().UTC()
		pt.Team = ""
		data, err := json.Marshal(pt)
		if err != nil {
			return fmt.Errorf("encode pattern: %w", err)
		}
		if err := txn.Set(localPatternKey(pt.ID), data); err != nil {
			return err
		}
		pt.Source = SourceLocal
		pt.Uses, err = uses(txn, pt.ID)
		return err
	})
	if err != nil {
		return Pattern{}, fmt.Errorf("save pattern: %w", err)
	}
	return pt, nil
}

// validatePattern trims pt and checks what a template needs: a name, a command, and parameters that
// pattern.Check accepts.
func validatePattern(pt *Pattern) error {
	pt.Name = strings.TrimSpace(pt.Name)
	pt.Description = strings.TrimSpace(pt.Description)
	pt.Command = strings.TrimSpace(pt.Command)
	switch {
	case pt.Name == "":
		return fmt.Errorf("a pattern needs a name: %w", ErrInvalid)
	case len(pt.Name) > 80:
		return fmt.Errorf("the name is longer than 80 characters: %w", ErrInvalid)
	case pt.Command == "":
		return fmt.Errorf("a pattern needs a command: %w", ErrInvalid)
	}
	// The template's undeclared placeholders are strings (pattern.Params adds them after the declared
	// ones) and are checked as such, but only the declared parameters are stored.
	declared := make([]pattern.Param, 0, len(pt.Params))
	for _, prm := range pt.Params {
		declared = append(declared, prm.Model())
	}
	checked, err := pattern.Check(pt.Command, pattern.Params(pt.Command, declared))
	if err != nil {
		return fmt.Errorf("%w: %w", err, ErrInvalid)
	}
	if len(pt.Params) > 0 {
		params := make([]Param, len(pt.Params))
		for i := range params {
			params[i] = ParamOf(checked[i])
		}
		pt.Params = params
	}
	tags := pt.Tags[:0]
	for _, t := range pt.Tags {
		if t = strings.ToLower(strings.TrimSpace(t)); t != "" && !contains(tags, t) {
			tags = append(tags, t)
		}
	}
	pt.Tags = tags
	return nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func localIDByName(txn *badger.Txn, name string) (string, error) {
	it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{prefixLocalPattern}, PrefetchValues: true})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		var pt Pattern
		if err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &pt) }); err != nil {
			return "", fmt.Errorf("decode pattern: %w", err)
		}
		if strings.EqualFold(pt.Name, name) {
			return pt.ID, nil
		}
	}
	return "", nil
}

// Delete removes a local pattern and its use count. Team patterns belong to the team: deleting one is
// ErrInvalid.
func (p *Patterns) Delete(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	err := p.db.Update(func(txn *badger.Txn) error {
		if _, err := txn.Get(localPatternKey(id)); errors.Is(err, badger.ErrKeyNotFound) {
			if _, err := txn.Get(patternKey(id)); err == nil {
				return fmt.Errorf("pattern %s is the team's: remove it there: %w", id, ErrInvalid)
			}
			return fmt.Errorf("local pattern %s: %w", id, ErrNotFound)
		} else if err != nil {
			return err
		}
		if err := txn.Delete(localPatternKey(id)); err != nil {
			return err
		}
		return txn.Delete(patternUseKey(id))
	})
	if err != nil {
		return fmt.Errorf("delete pattern: %w", err)
	}
	return nil
}

// Use counts one use of pattern id and returns the pattern with its new count. A team pattern's use is
// also queued for the cloud's count (PendingUses), in the same transaction, so none is lost.
func (p *Patterns) Use(ctx context.Context, id string) (Pattern, error) {
	if err := ctx.Err(); err != nil {
		return Pattern{}, err
	}
	var pt Pattern
	err := p.db.Update(func(txn *badger.Txn) error {
		var err error
		if pt, err = getPattern(txn, id); err != nil {
			return err
		}
		pt.Uses++
		var buf [8]byte
		binary.BigEndian.PutUint64(buf[:], uint64(pt.Uses))
		if err := txn.Set(patternUseKey(id), buf[:]); err != nil {
			return err
		}
		if pt.Source != SourceTeam || pt.TeamID == "" {
			return nil
		}
		now := time.Now().UTC()
		u := TeamUse{ID: ulid.MustNew(ulid.Timestamp(now), ulid.DefaultEntropy()), TeamID: pt.TeamID, PatternID: id, At: now}
		data, err := json.Marshal(u)
		if err != nil {
			return fmt.Errorf("encode team use: %w", err)
		}
		return txn.Set(teamUseKey(u.ID), data)
	})
	if err != nil {
		return Pattern{}, fmt.Errorf("use pattern: %w", err)
	}
	return pt, nil
}

// TeamUse is one use of a team pattern that the cloud has not counted yet.
type TeamUse struct {
	ID        ulid.ULID `json:"id"`
	TeamID    string    `json:"team_id"`
	PatternID string    `json:"pattern_id"`
	At        time.Time `json:"at"`
}

func teamUseKey(id ulid.ULID) []byte { return append([]byte{prefixTeamUse}, id[:]...) }

// PendingUses returns up to limit team-pattern uses the cloud has not counted, oldest first.
func (p *Patterns) PendingUses(ctx context.Context, limit int) ([]TeamUse, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []TeamUse
	err := p.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{prefixTeamUse}, PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid() && len(out) < limit; it.Next() {
			var u TeamUse
			if err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &u) }); err != nil {
				return fmt.Errorf("decode team use: %w", err)
			}
			out = append(out, u)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list team uses: %w", err)
	}
	return out, nil
}

// UseCounted forgets a team-pattern use once the cloud has counted it (or never can).
func (p *Patterns) UseCounted(ctx context.Context, id ulid.ULID) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := p.db.Update(func(txn *badger.Txn) error { return txn.Delete(teamUseKey(id)) }); err != nil {
		return fmt.Errorf("forget team use: %w", err)
	}
	return nil
}

func uses(txn *badger.Txn, id string) (int, error) {
	item, err := txn.Get(patternUseKey(id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read use count of %s: %w", id, err)
	}
	var n int
	err = item.Value(func(v []byte) error {
		if len(v) != 8 {
			return fmt.Errorf("use count of %s is %d bytes", id, len(v))
		}
		n = int(binary.BigEndian.Uint64(v))
		return nil
	})
	return n, err
}
