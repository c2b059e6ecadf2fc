# cmdai shell integration for zsh. Install: eval "$(cmdai init zsh)" in ~/.zshrc.
# Remove: eval "$(cmdai init zsh --uninstall)", then delete that line from ~/.zshrc.
# The lines above this script set __cmdai_bin, __cmdai_key (a bindkey sequence), __cmdai_bind and
# __cmdai_popup_flags.

typeset -g __cmdai_last_cmd='' __cmdai_last_status=0 __cmdai_prev_widget=''

# preexec sees the line as typed; precmd runs first among the hooks so $? is still the command's status.
__cmdai_preexec() { __cmdai_last_cmd=$1 }
__cmdai_precmd() { __cmdai_last_status=$? }
preexec_functions=(${preexec_functions:#__cmdai_preexec} __cmdai_preexec)
precmd_functions=(__cmdai_precmd ${precmd_functions:#__cmdai_precmd})

# Ctrl-G: the line becomes the request; an accepted command replaces it, Esc leaves it as it was. On an
# empty line, the popup offers to fix the last command.
__cmdai_widget() {
	emulate -L zsh
	local out
	if [[ $BUFFER == *[^[:space:]]* ]]; then
		out=$("$__cmdai_bin" popup --shell zsh ${=__cmdai_popup_flags} -- "$BUFFER" </dev/tty)
	else
		out=$("$__cmdai_bin" popup --shell zsh ${=__cmdai_popup_flags} \
			--last-command "$__cmdai_last_cmd" --last-status "$__cmdai_last_status" </dev/tty)
	fi
	if (( $? == 0 )) && [[ -n $out ]]; then
		BUFFER=$out
		CURSOR=${#BUFFER}
	fi
	zle reset-prompt
}
zle -N __cmdai_widget

if (( __cmdai_bind )); then
	__cmdai_prev_widget=${${(z)$(bindkey -M emacs -- "$__cmdai_key")}[2]}
	for __cmdai_map in emacs viins vicmd; do
		bindkey -M $__cmdai_map -- "$__cmdai_key" __cmdai_widget
	done
	unset __cmdai_map
fi

# cmdai REQUEST…: ask in the popup, then run the accepted command in this shell and keep it in history.
zmodload -F zsh/datetime p:EPOCHREALTIME 2>/dev/null

# `cmdai __request` reads the line as cmdai does: one of its commands (`cmdai check 'rm -rf /'`) or flags
# run cmdai itself; a request (`cmdai check disk space`, `cmdai -- history`) goes to the popup.
cmdai() {
	local req
	if [[ ! -t 1 ]] || ! req=$("$__cmdai_bin" __request "$@" 2>/dev/null); then
		command cmdai "$@"
		return
	fi
	local out id st t0
	local -i ms=0
	out=$("$__cmdai_bin" popup --shell zsh --action run ${=__cmdai_popup_flags} -- "$req" </dev/tty) || return
	[[ $out == *$'\n'* ]] || return 130
	id=${out%%$'\n'*}
	out=${out#*$'\n'}
	print -rs -- "$out"
	t0=${EPOCHREALTIME-}
	eval "$out"
	st=$?
	# EPOCHREALTIME comes with zsh/datetime (loaded below when the system has it).
	[[ -n $t0 ]] && (( ms = (EPOCHREALTIME - t0) * 1000 ))
	"$__cmdai_bin" record-exit --duration-ms "$ms" -- "$id" "$st" "$out" </dev/null >/dev/null 2>&1
	return $st
}

__cmdai_uninstall() {
	emulate -L zsh
	local m
	if [[ -n $__cmdai_prev_widget && $__cmdai_prev_widget != undefined-key ]]; then
		bindkey -M emacs -- "$__cmdai_key" "$__cmdai_prev_widget"
	else
		bindkey -M emacs -r -- "$__cmdai_key"
	fi
	for m in viins vicmd; do
		bindkey -M $m -r -- "$__cmdai_key"
	done
	zle -D __cmdai_widget 2>/dev/null
	preexec_functions=(${preexec_functions:#__cmdai_preexec})
	precmd_functions=(${precmd_functions:#__cmdai_precmd})
	unfunction cmdai __cmdai_widget __cmdai_preexec __cmdai_precmd __cmdai_uninstall 2>/dev/null
	unset __cmdai_bin __cmdai_key __cmdai_bind __cmdai_popup_flags __cmdai_last_cmd __cmdai_last_status __cmdai_prev_widget
}
