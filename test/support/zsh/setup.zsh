# Sourced by the interactive zsh that capture.zsh drives: the completion system, the script under test
# ($HITLESS_COMPLETION), and a compadd that also prints each match it is asked to offer, so the candidates are read
# as zsh itself computed them (matching, exclusions of options already given, _files), not from the script's text,
# each with what the list shows for it.
PROMPT= RPROMPT=
# Wide enough that the list shows each description whole.
stty columns 400
autoload -U compinit
compinit -u -D
bindkey '^I' complete-word
# Enter never runs the line.
bindkey '^M' undefined
bindkey '^J' undefined
zstyle ':completion:*' insert-tab false
_capture_done() { print -r -- '<<''done>>'; exit }
comppostfuncs=(_capture_done)
compadd() {
  # -O, -A and -D only ask which words match; nothing is offered yet.
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return; fi
  # -d ARRAY: what the list shows for each match (e.g. `--port  -- its meaning`); -D keeps it beside the matches.
  local -a hits shown
  local at=${@[(i)-d]}
  (( at < $# )) && [[ ${@[at+1]} != \(* ]] && shown=("${(@P)${@[at+1]}}")
  builtin compadd -A hits -D shown "$@"
  local i
  for (( i = 1; i <= $#hits; i++ )); do print -r -- "<<hit>>$hits[i]"$'\t'"$shown[i]"; done
  builtin compadd "$@"
}
source $HITLESS_COMPLETION
# Said when the line editor starts reading keys (capture.zsh types the line only then).
zle-line-init() { print -r -- '<<''ready>>' }
zle -N zle-line-init
