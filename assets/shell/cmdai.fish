# cmdai shell integration for fish 3 and 4. Install: cmdai init fish | source  in ~/.config/fish/config.fish.
# Remove: cmdai init fish --uninstall | source, then delete that line from config.fish.
# The lines above this script set __cmdai_bin, __cmdai_key3 and __cmdai_key4 (the key in fish 3 and fish 4
# syntax), __cmdai_bind and __cmdai_popup_flags.

set -g __cmdai_last_cmd ''
set -g __cmdai_last_status 0

function __cmdai_postexec --on-event fish_postexec
    set -g __cmdai_last_status $status
    set -g __cmdai_last_cmd $argv[1]
end

# Ctrl-G: the line becomes the request; an accepted command replaces it, Esc leaves it as it was. On an
# empty line, the popup offers to fix the last command.
function __cmdai_widget
    set -l line (commandline -b | string collect)
    set -l out
    if string match -qr '\S' -- $line
        set out ($__cmdai_bin popup --shell fish $__cmdai_popup_flags -- $line </dev/tty | string collect)
    else
        set out ($__cmdai_bin popup --shell fish $__cmdai_popup_flags \
            --last-command "$__cmdai_last_cmd" --last-status $__cmdai_last_status </dev/tty | string collect)
    end
    if test -n "$out"
        commandline -r -- $out
        commandline -C (string length -- $out)
    end
    commandline -f repaint
end

function __cmdai_key
    # fish 4 names keys (ctrl-g); fish 3 reads escape sequences (\cg).
    if string match -qr '^[0-3]\.' -- $version
        echo $__cmdai_key3
    else
        echo $__cmdai_key4
    end
end

if test "$__cmdai_bind" = 1
    for mode in default insert
        # eval: fish 3 reads \cg as an escape only in source text, not in a variable's value.
        eval bind -M $mode (__cmdai_key) __cmdai_widget
    end
end

# cmdai REQUEST…: ask in the popup, then run the accepted command in this shell and keep it in history.
# `cmdai __request` reads the line as cmdai does: one of its commands (`cmdai check 'rm -rf /'`) or flags
# run cmdai itself; a request (`cmdai check disk space`, `cmdai -- history`) goes to the popup.
function cmdai --wraps cmdai
    set -l req ($__cmdai_bin __request $argv 2>/dev/null)
    if test $status -ne 0; or not isatty stdout
        command cmdai $argv
        return
    end
    # The popup prints the history entry's id, then the command; a refusal (3) or a cancel (130) prints
    # nothing and is this function's status.
    set -l out ($__cmdai_bin popup --shell fish --action run $__cmdai_popup_flags -- "$req" </dev/tty)
    set -l st $status
    test $st -eq 0; or return $st
    test (count $out) -ge 2; or return 130
    set -l id $out[1]
    set -l cmd (string join \n -- $out[2..-1])
    # fish 4 can append to history; fish 3 keeps the `cmdai …` line only.
    builtin history append -- $cmd 2>/dev/null
    eval $cmd
    set st $status
    $__cmdai_bin record-exit -- $id $st "$cmd" </dev/null >/dev/null 2>&1
    return $st
end

function __cmdai_uninstall
    for mode in default insert
        eval bind -M $mode --erase (__cmdai_key)
    end
    functions -e cmdai __cmdai_widget __cmdai_postexec __cmdai_key __cmdai_uninstall
    set -e __cmdai_bin __cmdai_key3 __cmdai_key4 __cmdai_bind __cmdai_popup_flags __cmdai_last_cmd __cmdai_last_status
end
