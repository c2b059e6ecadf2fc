package undo

import (
	"context"
	"fmt"
	"maps"
	"slices"
)

func short(sha string) string { return sha[:min(len(sha), 10)] }

// planRepo compares a repository now with how the run left it.
func planRepo(ctx context.Context, r Repo) (repoPlan, error) {
	if what := operationInProgress(ctx, r.Dir); what != "" {
		return repoPlan{}, fmt.Errorf("%s is in progress in %s: finish or abort it (git %s --abort), then undo",
			what, r.Dir, map[string]string{"a rebase": "rebase", "a merge": "merge", "a cherry-pick": "cherry-pick", "a revert": "revert"}[what])
	}
	cur, err := readRefs(ctx, r.Dir)
	if err != nil {
		return repoPlan{}, fmt.Errorf("read the git repository %s: %w", r.Dir, err)
	}
	rp := repoPlan{r: r, cur: cur}
	post := r.Post
	if post == nil {
		rp.conflict = refsDiffer(r.Pre, cur)
		return rp, nil
	}
	rp.conflict = refsDiffer(*post, cur)
	return rp, nil
}

// refsDiffer reports whether HEAD or a branch or tag is elsewhere in b than in a.
func refsDiffer(a, b Refs) bool {
	return a.Head != b.Head || a.HeadSHA != b.HeadSHA || !maps.Equal(a.Refs, b.Refs) || !slices.Equal(a.Stash, b.Stash)
}

// changes reports whether undo has anything to do to the repository: refs to move, or an index to put
// back.
func (rp repoPlan) changes() bool {
	return refsDiffer(rp.r.Pre, rp.cur) || rp.r.Index != ""
}

// conflicts describe what moved after the run.
func (rp repoPlan) conflicts() []Conflict {
	post := rp.r.Post
	if post == nil {
		return []Conflict{{rp.r.Dir, "HEAD or refs differ, by the command or since: cmdai did not see the command end"}}
	}
	var out []Conflict
	if post.HeadSHA != rp.cur.HeadSHA || post.Head != rp.cur.Head {
		out = append(out, Conflict{rp.r.Dir, fmt.Sprintf("HEAD is at %s now; the run left it at %s", describeHead(rp.cur), describeHead(*post))})
	}
	for _, name := range slices.Sorted(maps.Keys(unionKeys(post.Refs, rp.cur.Refs))) {
		if post.Refs[name] != rp.cur.Refs[name] {
			out = append(out, Conflict{rp.r.Dir, fmt.Sprintf("%s moved after the run", name)})
		}
	}
	if !slices.Equal(post.Stash, rp.cur.Stash) {
		out = append(out, Conflict{rp.r.Dir, "the stash list changed after the run"})
	}
	return out
}

func describeHead(r Refs) string {
	if r.Head != "" {
		return short(r.HeadSHA) + " (" + r.Head + ")"
	}
	return short(r.HeadSHA)
}

func unionKeys(a, b map[string]string) map[string]string {
	out := maps.Clone(a)
	if out == nil {
		out = map[string]string{}
	}
	maps.Copy(out, b)
	return out
}

// applyRefs takes the work tree and index from the commit HEAD is at to the one it was at, then puts
// the branches, tags and HEAD back. The index itself is put back after the files.
func (rp repoPlan) applyRefs(ctx context.Context, force bool) error {
	pre, cur := rp.r.Pre, rp.cur
	dir := rp.r.Dir
	if pre.HeadSHA != "" && cur.HeadSHA != "" && pre.HeadSHA != cur.HeadSHA {
		if err := moveWorkTree(ctx, dir, cur.HeadSHA, pre.HeadSHA, force); err != nil {
			return fmt.Errorf("take the work tree back to %s: %w", short(pre.HeadSHA), err)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(pre.Refs)) {
		if cur.Refs[name] == pre.Refs[name] {
			continue
		}
		if err := setRef(ctx, dir, name, pre.Refs[name], cur.Refs[name]); err != nil {
			return fmt.Errorf("put %s back: %w", name, err)
		}
	}
	if pre.Head != cur.Head || pre.Head == "" && pre.HeadSHA != cur.HeadSHA {
		if err := setHead(ctx, dir, pre); err != nil {
			return fmt.Errorf("put HEAD back: %w", err)
		}
	}
	return restoreStash(ctx, dir, pre.Stash, cur.Stash)
}

// restoreStash takes back one push onto the stash list, or one drop or pop from it: the commands that
// change the list change it by one entry.
func restoreStash(ctx context.Context, dir string, pre, cur []string) error {
	switch {
	case slices.Equal(pre, cur):
		return nil
	case len(cur) == len(pre)+1 && slices.Equal(cur[1:], pre):
		if err := dropStash(ctx, dir); err != nil {
			return fmt.Errorf("drop the stash entry the command made: %w", err)
		}
		return nil
	case len(pre) == len(cur)+1:
		for _, c := range pre {
			if !slices.Contains(cur, c) {
				if err := storeStash(ctx, dir, c); err != nil {
					return fmt.Errorf("put the stash entry back: %w", err)
				}
				return nil
			}
		}
	}
	return fmt.Errorf("the stash list changed in a way undo does not take back")
}
