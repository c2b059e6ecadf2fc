// Package undo takes back what a command cmdai ran did to the person's files and git repositories.
//
// Before a command the gate allows runs, Prepare reads the command's blast radius and snapshots what it
// would delete, overwrite, truncate, move or re-permission into a content-addressed store under
// $XDG_DATA_HOME/cmdai/undo, and records the state of any git repository a history-changing git command
// works on. Commit records how the paths looked after the run, so that Undo can tell what the command
// changed from what changed since: it restores the first and restores nothing over the second without
// the person's consent. Snapshots have a size bound and expire; Collect removes them.
package undo
