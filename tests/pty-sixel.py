# SPDX-License-Identifier: GPL-3.0-or-later
# tests/pty-sixel.py: a fake terminal for the real-pixels tests (tests/tmux/pixels.sh).
# Runs fitplay on a pseudo-terminal of 100x30 cells of 10x20 pixels, answers its
# device-attributes request (ESC [ c) as a sixel terminal ("64;4;22": attribute 4)
# or as one without sixel ("1;2"), waits for the first frame, presses I, then l,
# then q (each when the bytes before it show: the first frame, the image's end, the
# repainted screen), and saves every byte fitplay wrote to OUT/tty.out (and its stderr to
# OUT/err.txt). Exit status: fitplay's, or 90 when it hung.
# Usage: python3 tests/pty-sixel.py BIN sixel|plain OUT
import fcntl, os, pty, select, struct, subprocess, sys, termios, time

binary, mode, out = sys.argv[1], sys.argv[2], sys.argv[3]
master, slave = pty.openpty()
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack('HHHH', 30, 100, 1000, 600))
env = dict(os.environ, TERM='xterm-256color', LC_ALL='C.UTF-8', TMPDIR=out)
env.pop('LINES', None)
env.pop('COLUMNS', None)
err = open(os.path.join(out, 'err.txt'), 'wb')
p = subprocess.Popen([binary], stdin=slave, stdout=slave, stderr=err, env=env,
                     start_new_session=True, close_fds=True)
os.close(slave)
got = b''
answered = False
steps = [(b'MSE 11.4648', b'I'),
         (b'\x1b\\' if mode == 'sixel' else b'does not announce sixel', b'l'),
         (b'1.600', b'q')]
deadline = time.time() + 60
while time.time() < deadline:
    r, _, _ = select.select([master], [], [], 0.1)
    if r:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        got += chunk
    if not answered and b'\x1b[c' in got:
        os.write(master, b'\x1b[?64;4;22c' if mode == 'sixel' else b'\x1b[?1;2c')
        answered = True
    if steps and answered and steps[0][0] in got[got.find(b'\x1b[c'):]:
        os.write(master, steps[0][1])
        steps.pop(0)
    if p.poll() is not None and not r:
        break
open(os.path.join(out, 'tty.out'), 'wb').write(got)
try:
    sys.exit(p.wait(timeout=5))
except subprocess.TimeoutExpired:
    p.kill()
    sys.exit(90)
