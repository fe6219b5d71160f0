#!/bin/sh
# relu-cli.sh: the batch table and --info for every model --help lists (NAME:K with
# K = 3), the relu and relu2 presets, relus:8 descent on sin(3x), dead units reported
# in words, and bad specs. Usage: sh tests/relu-cli.sh BIN
bin=${1:?usage: relu-cli.sh BIN}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/relu-cli.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() {
	echo "FAIL: $*"
	exit 1
}

models=$("$bin" --help | sed -n 's/.*--model SPEC *model: \(.*\) (quad)$/\1/p' | tr -d ',')
[ -n "$models" ] || fail "--help lists no models"
for want in quad relu relu2 relus:K; do
	case " $models " in *" $want "*) ;; *) fail "--help does not list $want ($models)" ;; esac
done
for m in $models; do
	spec=$(echo "$m" | sed 's/:K$/:3/')
	# the table: a header, rows 0..3, 2 + 2*np columns in every line
	"$bin" --batch --model "$spec" --steps 3 >"$tmp/t" 2>"$tmp/e" || fail "$spec: batch exit $?: $(cat "$tmp/e")"
	[ "$(wc -l <"$tmp/t")" -eq 5 ] || fail "$spec: expected 5 lines: $(cat "$tmp/t")"
	awk -F'\t' 'NR == 1 { n = NF; if ($1 != "step" || $2 != "loss" || n < 4 || n % 2) exit 1 }
		NF != n { exit 1 } NR > 1 && $1 != NR - 2 { exit 1 }' "$tmp/t" ||
		fail "$spec: malformed table: $(head -2 "$tmp/t")"
	# --info: every key; closed forms only for linear models, else "none (why)"
	"$bin" --batch --model "$spec" --info >"$tmp/i" 2>"$tmp/e" || fail "$spec: --info exit $?: $(cat "$tmp/e")"
	for key in n source model formula names params loss_kind loss grad lr lsq lsq_loss \
		hessian_eigs lr_limit; do
		grep -q "^$key: ." "$tmp/i" || fail "$spec: --info has no '$key:' line: $(cat "$tmp/i")"
	done
	grep -q "^model: $spec\$" "$tmp/i" || fail "$spec: --info model line: $(grep ^model "$tmp/i")"
	case $spec in
	quad | linear)
		grep -q '^lr_limit: [0-9]' "$tmp/i" || fail "$spec: no lr_limit number" ;;
	*)
		grep -q '^lsq: none (.*not linear' "$tmp/i" || fail "$spec: lsq should say none: $(grep ^lsq "$tmp/i")"
		grep -q '^lr_limit: none (' "$tmp/i" || fail "$spec: lr_limit should say none" ;;
	esac
done

# The relus table's columns, by name.
"$bin" --batch --model relus:2 --steps 0 | head -1 >"$tmp/h"
printf 'step\tloss\tm1\tb1\tw1\tm2\tb2\tw2\tc\td_m1\td_b1\td_w1\td_m2\td_b2\td_w2\td_c\n' |
	cmp -s - "$tmp/h" || fail "relus:2 header: $(cat "$tmp/h")"

# The notebook's cells: relu at 1.5,1.5 and the double relu at -1.5,-1.5,1.5,1.5 on
# the lecture's data (MSE 33.63 and 31.02 by an independent computation in test-relu).
"$bin" --batch --preset relu --info >"$tmp/i" || fail "--preset relu --info"
grep -q '^model: relu$' "$tmp/i" || fail "preset relu model"
grep -q '^params: 1.5,1.5$' "$tmp/i" || fail "preset relu start: $(grep ^params "$tmp/i")"
grep -q '^loss: 33.6298' "$tmp/i" || fail "preset relu loss: $(grep ^loss: "$tmp/i")"
"$bin" --batch --preset relu2 --steps 3 --log notebook >"$tmp/n" || fail "--preset relu2"
[ "$(head -1 "$tmp/n")" = "step=0; loss=31.02" ] || fail "preset relu2 first line: $(head -1 "$tmp/n")"
"$bin" --batch --preset relu2 --info | grep -q '^params: -1.5,-1.5,1.5,1.5$' || fail "preset relu2 start"
# a preset's start is dropped when the model changes
"$bin" --batch --preset relu --model relus:2 --steps 1 >/dev/null || fail "preset relu with relus:2"

# relus:8 on sin(3x): the MSE falls by at least 90% in 3000 Adam steps.
"$bin" --batch --target sine --noise 0,0.05 --points 40 --xrange -2,2 --seed 42 \
	--model relus:8 --optim adam --lr 0.02 --steps 3000 --every 3000 >"$tmp/s" ||
	fail "relus:8 sine descent"
awk -F'\t' 'NR == 2 { a = $2 } NR == 3 { b = $2 } END { exit !(NR == 3 && b <= 0.1 * a) }' "$tmp/s" ||
	fail "relus:8 sine: MSE not cut by 90%: $(cut -f1,2 "$tmp/s" | tr '\n' ' ')"
# the same run twice gives the same bits
"$bin" --batch --target sine --noise 0,0.05 --points 40 --xrange -2,2 --seed 42 \
	--model relus:8 --optim adam --lr 0.02 --steps 3000 --every 3000 | cmp -s - "$tmp/s" ||
	fail "relus:8 descent is not deterministic"

# Every unit dead: zero gradient in words, not "converged", exit 0.
"$bin" --batch --model relus:2 --init 1,-3,1,1,-3,1,0 --steps 200 --lr 0.1 >"$tmp/t" 2>"$tmp/e" ||
	fail "dead units: exit $?"
grep -q 'zero gradient' "$tmp/e" || fail "dead units: no zero-gradient note: $(cat "$tmp/e")"
grep -q 'converged' "$tmp/e" && fail "dead units reported as converged"
"$bin" --batch --model relu --init 0,-1 --steps 5 >"$tmp/t" 2>"$tmp/e" || fail "dead relu: exit $?"
grep -q 'zero gradient' "$tmp/e" || fail "dead relu: no zero-gradient note"

# The kink convention end to end: one point exactly on the kink (1*0.5 - 0.5 = 0),
# y = 1, so r = -1: the slope counts as 1, dL/dm = 2*r*x = -1, dL/db = 2*r = -2.
printf 'x,y\n0.5,1\n' >"$tmp/kink.csv"
"$bin" --batch --model relu --init 1,-0.5 --info "$tmp/kink.csv" >"$tmp/i" || fail "kink --info"
grep -q '^loss: 1$' "$tmp/i" || fail "kink loss: $(grep ^loss: "$tmp/i")"
grep -q '^grad: -1,-2$' "$tmp/i" || fail "kink gradient: $(grep ^grad: "$tmp/i")"
"$bin" --batch --model relus:1 --init 1,-0.5,3,0 --info "$tmp/kink.csv" >"$tmp/i" || fail "kink relus"
grep -q '^grad: -3,-6,0,-2$' "$tmp/i" || fail "relus kink gradient: $(grep ^grad: "$tmp/i")"

# Bad specs and sizes are usage errors that name the problem.
"$bin" --batch --model relus:0 >/dev/null 2>"$tmp/e"
[ $? -eq 2 ] || fail "relus:0 should exit 2"
grep -q 'number of units' "$tmp/e" || fail "relus:0 message: $(cat "$tmp/e")"
"$bin" --batch --model relu:2 >/dev/null 2>"$tmp/e"
[ $? -eq 2 ] || fail "relu:2 should exit 2"
"$bin" --batch --model relu --init 1,2,3 >/dev/null 2>"$tmp/e"
[ $? -eq 2 ] || fail "--init with 3 values for relu should exit 2"
grep -q 'm,b' "$tmp/e" || fail "--init message names the coefficients: $(cat "$tmp/e")"
# the largest K runs
"$bin" --batch --model relus:256 --steps 2 >/dev/null || fail "relus:256"
echo "relu-cli: ok"
