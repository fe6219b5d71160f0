#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Shell completion, as a user at a prompt gets it: the bash script that
# `fitplay --completion bash` prints, loaded with bash-completion, is called with
# prepared words (COMP_WORDS as readline splits them) and its COMPREPLY checked; the
# lists are compared with what the binary itself prints (--help), so an option or
# a name added to a table and missing here fails. The zsh script is checked with
# `zsh -n`, then driven for real in a zsh under zpty (compinit, Tab) when zsh has it.
. "$(dirname "$0")/lib.inc"

bashcomp=/usr/share/bash-completion/bash_completion
[ -r "$bashcomp" ] || die "no $bashcomp (scripts/deps.sh test installs bash-completion)"
expect 0 "$bin" --completion bash
cp "$tmp/out" "$tmp/fitplay.bash"
expect 0 "$bin" --completion zsh
cp "$tmp/out" "$tmp/_fitplay"
expect 2 "$bin" --completion fish
grep -q "completion 'fish': expected bash or zsh" "$tmp/err" || fail "--completion fish: $(cat "$tmp/err")"

# comp WORD...: COMPREPLY, sorted, one per line, for the line "fitplay WORD..." with
# the cursor at its end (the last WORD is the one completed; '' for a new word);
# $line, when set, is the line as typed (words split at a colon).
comp() {
	(cd "$tmp/files" && bash --norc --noprofile -c '
		. "$0" || exit 1
		. "$1" || exit 1
		shift
		COMP_WORDS=(fitplay "$@")
		COMP_CWORD=$(($# ))
		COMP_LINE=${line:-"fitplay $*"}
		COMP_POINT=${#COMP_LINE}
		_fitplay fitplay "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
		printf "%s\n" "${COMPREPLY[@]}"' "$bashcomp" "$tmp/fitplay.bash" "$@") |
		sed '/^$/d' | LC_ALL=C sort
}
mkdir -p "$tmp/files/sub" && : >"$tmp/files/fit.png" && : >"$tmp/files/notes.txt" &&
	: >"$tmp/files/points.csv" && : >"$tmp/files/a.gif" || die "setup"

# every long option of --help is offered after "--"
expect 0 "$bin" --help
grep -o -- '--[a-z][a-z0-9-]*' "$tmp/out" | LC_ALL=C sort -u >"$tmp/help-opts"
[ "$(wc -l <"$tmp/help-opts")" -ge 30 ] || die "--help lists few options: $(cat "$tmp/help-opts")"
comp -- >"$tmp/all"
while read -r o; do
	grep -qx -- "$o" "$tmp/all" || fail "'fitplay --<Tab>' does not offer $o"
done <"$tmp/help-opts"
[ "$(comp --pres)" = "--preset" ] || fail "--pres<Tab>: $(comp --pres)"
[ "$(comp --lr-)" = "--lr-sweep" ] || fail "--lr-<Tab>: $(comp --lr-)"

# values: the lists of --help's own lines
help_list() { # the list after TEXT on --help's line of option $1, as sorted words
	grep -e "^  --$1 [^a-z]" "$tmp/out" | sed "s/.*$2//; s/ (default)//; s/ ([a-z0-9]*)\$//; s/[,;]/ /g" |
		tr ' ' '\n' | sed '/^$/d' | LC_ALL=C sort
}
help_list preset 'NAME *' >"$tmp/want"
comp --preset '' >"$tmp/got"
cmp -s "$tmp/want" "$tmp/got" || fail "--preset <Tab>: $(tr '\n' ' ' <"$tmp/got") (--help: $(tr '\n' ' ' <"$tmp/want"))"
help_list show 'open on a view: ' >"$tmp/want"
comp --show '' >"$tmp/got"
cmp -s "$tmp/want" "$tmp/got" || fail "--show <Tab>: $(tr '\n' ' ' <"$tmp/got") (--help: $(tr '\n' ' ' <"$tmp/want"))"
help_list optim 'NAME *' >"$tmp/want"
comp --optim '' >"$tmp/got"
cmp -s "$tmp/want" "$tmp/got" || fail "--optim <Tab>: $(tr '\n' ' ' <"$tmp/got") (--help: $(tr '\n' ' ' <"$tmp/want"))"
# models: each name of --help's list, and its :K forms, each one fitplay accepts
help_list model 'model: ' | sed 's/:K$//' >"$tmp/want"
comp --model '' >"$tmp/got"
while read -r m; do
	grep -qx "$m" "$tmp/got" || fail "--model <Tab> lacks $m: $(tr '\n' ' ' <"$tmp/got")"
done <"$tmp/want"
grep -q ':' "$tmp/got" || fail "--model <Tab>: no :K forms: $(tr '\n' ' ' <"$tmp/got")"
while read -r m; do
	"$bin" --model "$m" --batch --steps 0 >/dev/null 2>"$tmp/merr" </dev/null || [ "$m" = linear ] ||
		case "$m" in nnet*) ;; *) fail "--model $m (offered) refused: $(cat "$tmp/merr")" ;; esac
done <"$tmp/got"
[ "$(comp --model rel)" = "$(printf 'relu\nrelu2\nrelus\nrelus:2\nrelus:4\nrelus:8')" ] ||
	fail "--model rel<Tab>: $(comp --model rel | tr '\n' ' ')"
# readline splits "relus:" at the colon: the words are --model relus : and the
# replies are what follows the colon
line="fitplay --model relus:"
export line
got=$(comp --model relus :)
unset line
[ "$got" = "$(printf '2\n4\n8')" ] || fail "--model relus:<Tab>: $got"
[ "$(comp --target '')" = "$(printf 'abs\nquad\nsine\nstep')" ] || fail "--target <Tab>: $(comp --target '' | tr '\n' ' ')"
[ "$(comp --loss m)" = "$(printf 'mae\nmse')" ] || fail "--loss m<Tab>: $(comp --loss m | tr '\n' ' ')"
[ "$(comp --log n)" = "notebook" ] || fail "--log n<Tab>: $(comp --log n)"
[ "$(comp --completion '')" = "$(printf 'bash\nzsh')" ] || fail "--completion <Tab>: $(comp --completion '')"
[ "$(comp --show=la)" = "landscape" ] || fail "--show=la<Tab>: $(comp --show=la)"
# numbers: nothing to offer (not file names)
[ -z "$(comp --lr '')" ] || fail "--lr <Tab> offers: $(comp --lr '')"
# files: any for data, the export formats' for --export (and directories)
[ "$(comp --export '')" = "$(printf 'a.gif\nfit.png\nnotes.txt\nsub')" ] ||
	fail "--export <Tab>: $(comp --export '' | tr '\n' ' ')"
[ "$(comp '')" = "$(printf 'a.gif\nfit.png\nnotes.txt\npoints.csv\nsub')" ] ||
	fail "fitplay <Tab>: $(comp '' | tr '\n' ' ')"
[ "$(comp --keys p)" = "points.csv" ] || fail "--keys p<Tab>: $(comp --keys p)"

# zsh: the script parses; then a real zsh completes under zpty
zsh -n "$tmp/_fitplay" || fail "zsh -n: the zsh script does not parse"
grep -q '^#compdef fitplay' "$tmp/_fitplay" || fail "no #compdef line"
if zsh -fc 'zmodload zsh/zpty' 2>/dev/null; then
	mkdir -p "$tmp/zfunc" && cp "$tmp/_fitplay" "$tmp/zfunc/_fitplay" || die "setup"
	# the interactive zsh: compinit over the script, Tab completes, compadd also
	# prints each match it is given as <<match>> (after zsh's own matching)
	cat >"$tmp/zinit.zsh" <<'EOF'
PS1='' RPS1=''
fpath=($ZFUNC $fpath)
autoload -Uz compinit && compinit -u -D
bindkey '^I' complete-word
compadd() {
	if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then
		builtin compadd "$@"
		return
	fi
	local -a __hits
	builtin compadd -A __hits "$@"
	local h
	for h in $__hits; do print -r -- "<<$h>>"; done
	builtin compadd "$@"
}
print -r -- '<<ready>>'
EOF
	# the driver: one zsh under zpty; for each argument, the line typed, then Tab,
	# read until quiet, printed after a "### LINE" header, and the line erased (C-u)
	cat >"$tmp/zdrive.zsh" <<'EOF'
zmodload zsh/zpty || exit 3
zpty z zsh -f -i
zpty -w z "source ${(q)ZINIT}"
out=
for i in {1..400}; do
	zpty -rt z chunk 2>/dev/null && out+=$chunk
	[[ $out == *'<<ready>>'* ]] && break
	sleep 0.05
done
for line in "$@"; do
	out= quiet=0
	zpty -wn z "$line"$'\t'
	for i in {1..200}; do
		if zpty -rt z chunk 2>/dev/null; then out+=$chunk quiet=0; else (( quiet++ )); fi
		[[ $out == *$'\a'* || ( $out == *'<<'* && quiet -ge 10 ) ]] && break
		sleep 0.05
	done
	print -r -- "### $line"
	print -r -- ${(M)${(f)${out//$'\r'/}}:#*<<*}
	zpty -wn z $'\C-e\C-u'
	sleep 0.2
	while zpty -rt z chunk 2>/dev/null; do :; done
done
zpty -d z
EOF
	(cd "$tmp/files" && ZFUNC="$tmp/zfunc" ZINIT="$tmp/zinit.zsh" timeout 120 zsh -f \
		"$tmp/zdrive.zsh" 'fitplay --opt' 'fitplay --optim ' 'fitplay --show=l' \
		'fitplay --model relus:' 'fitplay --export ') >"$tmp/zout" 2>&1
	# zcomp LINE: the matches zsh found for LINE<Tab>, sorted, on one line
	zcomp() {
		awk -v want="### $1" '/^### / { on = ($0 == want); next } on' "$tmp/zout" |
			grep -o '<<[^>]*>>' | tr -d '<>' | LC_ALL=C sort -u | tr '\n' ' '
	}
	got=$(zcomp 'fitplay --opt')
	[ "$got" = "--optim " ] || fail "zsh: fitplay --opt<Tab>: '$got'"
	got=$(zcomp 'fitplay --optim ')
	[ "$got" = "adam gd momentum " ] || fail "zsh: fitplay --optim <Tab>: '$got'"
	got=$(zcomp 'fitplay --show=l')
	[ "$got" = "landscape " ] || fail "zsh: fitplay --show=l<Tab>: '$got'"
	got=$(zcomp 'fitplay --model relus:')
	[ "$got" = "relus:2 relus:4 relus:8 " ] || fail "zsh: fitplay --model relus:<Tab>: '$got'"
	got=$(zcomp 'fitplay --export ')
	[ "$got" = "a.gif fit.png notes.txt sub " ] || fail "zsh: fitplay --export <Tab>: '$got'"
else
	echo "note: zsh has no zpty module here: the zsh script is checked by zsh -n only"
fi
finish
