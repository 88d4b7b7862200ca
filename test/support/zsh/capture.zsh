# zsh -f capture.zsh LINE: types LINE and a Tab into an interactive zsh on a pseudo-terminal (zpty), with setup.zsh
# ($SETUP) sourced, and prints the candidates its completion offers, one a line: the word, a tab, what the list
# shows for it (if anything). Every line the shell printed goes to stderr as well, so a capture that never ends says
# where the shell stood.
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "source ${(q)SETUP}"
local line
# <<ready>> comes from the line editor itself (setup.zsh's zle-line-init): the line is typed only once the editor
# reads keys, never into the terminal before it (a loaded machine could get there first).
while zpty -r z line; do print -u2 -r -- $line; [[ $line == *'<<ready>>'* ]] && break; done
zpty -w -n z "$1"$'\t'
while zpty -r z line; do
  print -u2 -r -- $line
  [[ $line == *'<<hit>>'* ]] && print -r -- ${${line##*'<<hit>>'}%%$'\r'*}
  [[ $line == *'<<done>>'* ]] && break
done
zpty -d z
