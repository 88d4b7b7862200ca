# zsh -f capture.zsh LINE: types LINE and a Tab into an interactive zsh on a pseudo-terminal (zpty), with setup.zsh
# ($SETUP) sourced, and prints the candidates its completion offers, one a line: the word, a tab, what the list
# shows for it (if anything).
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "source ${(q)SETUP}"
local line
while zpty -r z line; do [[ $line == *'<<ready>>'* ]] && break; done
zpty -w -n z "$1"$'\t'
while zpty -r z line; do
  [[ $line == *'<<hit>>'* ]] && print -r -- ${${line##*'<<hit>>'}%%$'\r'*}
  [[ $line == *'<<done>>'* ]] && break
done
zpty -d z
