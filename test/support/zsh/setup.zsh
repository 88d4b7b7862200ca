# Sourced by the interactive zsh that capture.zsh drives: the completion system, the script under test
# ($HITLESS_COMPLETION), and a compadd that also prints each match it is asked to offer, so the candidates are read
# as zsh itself computed them (matching, exclusions of options already given, _files), not from the script's text.
PROMPT= RPROMPT=
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
  local -a hits
  builtin compadd -A hits "$@"
  local hit
  for hit in $hits; do print -r -- "<<hit>>$hit"; done
  builtin compadd "$@"
}
source $HITLESS_COMPLETION
print -r -- '<<''ready>>'
