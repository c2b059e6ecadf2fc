# cmdai shell integration for bash 4 and later. Install: eval "$(cmdai init bash)" in ~/.bashrc.
# Remove: eval "$(cmdai init bash --uninstall)", then delete that line from ~/.bashrc.
# The lines above this script set __cmdai_bin, __cmdai_key (a readline key sequence), __cmdai_bind and
# __cmdai_popup_flags.

__cmdai_last_status=0
__cmdai_prev_binding=''

# PROMPT_COMMAND runs before every prompt; ours goes first so that $? is still the command's status.
__cmdai_prompt_command() { __cmdai_last_status=$?; }
if [[ ${PROMPT_COMMAND:-} != *__cmdai_prompt_command* ]]; then
	PROMPT_COMMAND="__cmdai_prompt_command${PROMPT_COMMAND:+;$PROMPT_COMMAND}"
fi

# Ctrl-G: the line becomes the request; an accepted command replaces it, Esc leaves it as it was. On an
# empty line, the popup offers to fix the last command.
__cmdai_widget() {
	local out last
	if [[ $READLINE_LINE == *[![:space:]]* ]]; then
		out=$("$__cmdai_bin" popup --shell bash $__cmdai_popup_flags -- "$READLINE_LINE" </dev/tty)
	else
		# `history 1`, not `fc -ln -1`: from bind -x, fc skips the newest entry as if it were itself.
		[[ $(HISTTIMEFORMAT='' builtin history 1) =~ ^[[:space:]]*[0-9]+\*?[[:space:]]+(.*)$ ]] &&
			last=${BASH_REMATCH[1]}
		out=$("$__cmdai_bin" popup --shell bash $__cmdai_popup_flags \
			--last-command "$last" --last-status "$__cmdai_last_status" </dev/tty)
	fi
	if (($? == 0)) && [[ -n $out ]]; then
		READLINE_LINE=$out
		# bash up to 5.0 counts READLINE_POINT in bytes, later ones in characters; the byte count is never
		# short of the end, and bash clamps the point to the line.
		local LC_ALL=C
		READLINE_POINT=${#out}
	fi
}

if ((__cmdai_bind)); then
	__cmdai_prev_binding=$(bind -p -m emacs 2>/dev/null | command grep -F "\"$__cmdai_key\": " | command head -n 1)
	# bind -x with a key sequence in the emacs and vi insert keymaps; vi command mode reads keys, not lines.
	bind -m emacs -x "\"$__cmdai_key\": __cmdai_widget"
	bind -m vi-insert -x "\"$__cmdai_key\": __cmdai_widget"
fi

# cmdai REQUEST…: ask in the popup, then run the accepted command in this shell and keep it in history.
# The popup asks the execution gate first: a critical command needs the word yes typed there, and a
# command the safety mode refuses never comes back (the function returns 3). The popup prints the
# history entry's id on the first line; the command's exit status is recorded against it.
# `cmdai __request` reads the line as cmdai does: one of its commands (`cmdai check 'rm -rf /'`) or flags
# run cmdai itself; a request (`cmdai check disk space`, `cmdai -- history`) goes to the popup.
cmdai() {
	local req
	if [[ ! -t 1 ]] || ! req=$("$__cmdai_bin" __request "$@" 2>/dev/null); then
		command cmdai "$@"
		return
	fi
	local out id st t0 ms=0
	out=$("$__cmdai_bin" popup --shell bash --action run $__cmdai_popup_flags -- "$req" </dev/tty) || return
	[[ $out == *$'\n'* ]] || return 130
	id=${out%%$'\n'*}
	out=${out#*$'\n'}
	# history -s replaces the `cmdai …` entry with the command that ran.
	history -s "$out"
	t0=${EPOCHREALTIME-}
	eval "$out"
	st=$?
	# EPOCHREALTIME (bash 5) is seconds with six decimals: without the point, microseconds.
	[[ -n $t0 ]] && ms=$(( (10#${EPOCHREALTIME/[.,]/} - 10#${t0/[.,]/}) / 1000 ))
	"$__cmdai_bin" record-exit --duration-ms "$ms" -- "$id" "$st" "$out" </dev/null >/dev/null 2>&1
	return "$st"
}

__cmdai_uninstall() {
	bind -m emacs -r "$__cmdai_key" 2>/dev/null
	bind -m vi-insert -r "$__cmdai_key" 2>/dev/null
	if [[ -n $__cmdai_prev_binding ]]; then
		bind -m emacs "$__cmdai_prev_binding"
	fi
	PROMPT_COMMAND=${PROMPT_COMMAND//__cmdai_prompt_command;/}
	PROMPT_COMMAND=${PROMPT_COMMAND//__cmdai_prompt_command/}
	unset -f cmdai __cmdai_widget __cmdai_prompt_command __cmdai_uninstall
	unset __cmdai_bin __cmdai_key __cmdai_bind __cmdai_popup_flags __cmdai_last_status __cmdai_prev_binding
}
