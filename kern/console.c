// The kernel console. Output goes to the COM1 serial port and to the text
// screen; input comes from the serial port and the PS/2 keyboard, through
// one circular buffer that interrupt handlers and polling both fill.
//
// Under QEMU the serial port is what tests read (often with -vga none,
// when there is no screen at all), so every device is probed and one that
// is missing is skipped rather than waited for.

#include <inc/x86.h>
#include <inc/memlayout.h>
#include <inc/string.h>
#include <inc/stdio.h>

#include <kern/console.h>

// Read a port that nothing answers, to wait a microsecond or so.
static void
delay(void)
{
	inb(0x84);
}

/***** Input buffer, shared by both devices *****/

#define CONSBUFSIZE	512

// The positions only ever grow; wpos - rpos characters are waiting.
static struct {
	uint8_t buf[CONSBUFSIZE];
	uint32_t rpos;
	uint32_t wpos;
} cons;

// Bytes to take from a device in one go, so that a device stuck at
// "data ready" cannot hang the kernel.
#define MAXDRAIN	1024

// Move the characters proc returns into the buffer, until it has none.
// When the buffer is full, new input is dropped: what was typed first is
// what the reader wants first.
static void
cons_intr(int (*proc)(void))
{
	int c, n;

	for (n = 0; n < MAXDRAIN && (c = proc()) != -1; n++) {
		if (c == 0 || cons.wpos - cons.rpos == CONSBUFSIZE)
			continue;
		cons.buf[cons.wpos++ % CONSBUFSIZE] = c;
	}
}

/***** Serial port (a 16550 UART at COM1) *****/

#define COM1		0x3F8

#define COM_RX		0	// in: receive buffer (DLAB=0)
#define COM_TX		0	// out: transmit buffer (DLAB=0)
#define COM_DLL		0	// out: divisor latch, low byte (DLAB=1)
#define COM_DLM		1	// out: divisor latch, high byte (DLAB=1)
#define COM_IER		1	// out: interrupt enable (DLAB=0)
#define   COM_IER_RDI	0x01	//   interrupt when data was received
#define COM_FCR		2	// out: FIFO control (0: FIFOs off)
#define COM_LCR		3	// out: line control
#define   COM_LCR_DLAB	0x80	//   switch ports 0 and 1 to the divisor
#define   COM_LCR_8N1	0x03	//   8 data bits, no parity, 1 stop bit
#define COM_MCR		4	// out: modem control
#define   COM_MCR_DTR	0x01
#define   COM_MCR_RTS	0x02
#define   COM_MCR_OUT2	0x08	//   on PCs, connects the interrupt line
#define COM_LSR		5	// in: line status
#define   COM_LSR_DATA	0x01	//   a received byte is waiting
#define   COM_LSR_TXRDY	0x20	//   the transmit holding register/FIFO is empty

// How long to wait for the transmitter before sending anyway. A real UART
// at 115200 baud sends a byte in 87 us, but QEMU keeps it
// "full" for as long as its own output (a pipe, a terminal) is blocked,
// and waiting is what keeps the output complete: so 1.7 s of polls under
// TCG (measured), several seconds on real hardware. A port that times out is
// taken as stuck, and later characters wait only COM_TXWAIT_STUCK polls
// until it is seen ready again, so a dead port stalls the kernel once, not
// at every character; what it is sent meanwhile may be lost.
#define COM_TXWAIT		(1 << 22)
#define COM_TXWAIT_STUCK	64

static bool serial_exists;
static bool serial_stuck;	// the last wait for the transmitter timed out

// The next received byte, or -1 when there is none.
static int
serial_proc_data(void)
{
	int c;

	if (!(inb(COM1 + COM_LSR) & COM_LSR_DATA))
		return -1;
	c = inb(COM1 + COM_RX);
	// Terminals send DEL for the backspace key.
	if (c == 0x7F)
		c = '\b';
	return c;
}

static void
serial_init(void)
{
	// Nothing at the port reads as all ones.
	serial_exists = (inb(COM1 + COM_LSR) != 0xFF);
	if (!serial_exists)
		return;

	// 115200 baud: the divisor of the UART's 115200 Hz clock is 1.
	outb(COM1 + COM_LCR, COM_LCR_DLAB);
	outb(COM1 + COM_DLL, 1);
	outb(COM1 + COM_DLM, 0);
	outb(COM1 + COM_LCR, COM_LCR_8N1);

	// The FIFOs stay off. Switching them on empties the receiver, losing
	// input typed ahead of boot (or piped in by a test); with them off
	// the UART holds one byte, and QEMU keeps back the next until we
	// have read it, so nothing is lost either way.
	outb(COM1 + COM_FCR, 0);
	outb(COM1 + COM_MCR, COM_MCR_DTR | COM_MCR_RTS | COM_MCR_OUT2);
	outb(COM1 + COM_IER, COM_IER_RDI);
}

static void
serial_putc(int c)
{
	int i, limit;

	if (!serial_exists)
		return;
	limit = serial_stuck ? COM_TXWAIT_STUCK : COM_TXWAIT;
	for (i = 0; !(inb(COM1 + COM_LSR) & COM_LSR_TXRDY); i++) {
		if (i == limit)
			break;
		delay();
	}
	serial_stuck = (i == limit);
	outb(COM1 + COM_TX, c);
}

void
serial_intr(void)
{
	if (serial_exists)
		cons_intr(serial_proc_data);
}

/***** Text screen (CGA, or MDA as a fallback) *****/

#define CGA_BUF		0xB8000
#define CGA_BASE	0x3D4	// 6845 CRT controller index port; data is +1
#define MONO_BUF	0xB0000
#define MONO_BASE	0x3B4

#define CRT_ATTR	0x0700	// light grey on black
#define CRT_BLANK	(CRT_ATTR | ' ')

static volatile uint16_t *crt_buf;	// NULL when there is no screen
static unsigned crt_port;
static unsigned crt_pos;		// cursor, as an index into crt_buf

// Whether a text screen is there: its CRT controller's cursor register
// reads back what was written, and its memory too. Without a video card
// (QEMU -vga none) ports read as all ones, and the memory window may be
// plain RAM: both are checked. Two patterns, so a bus that happens to
// read back one value is not mistaken for memory.
static bool
probe_text(volatile uint16_t *p, unsigned port)
{
	uint16_t was = *p;
	uint8_t cursor;

	outb(port, 15);
	cursor = inb(port + 1);
	outb(port + 1, cursor ^ 0xFF);
	if (inb(port + 1) != (cursor ^ 0xFF))
		return false;
	outb(port + 1, cursor);

	*p = 0xA55A;
	if (*p != 0xA55A)
		return false;
	*p = 0x5AA5;
	if (*p != 0x5AA5)
		return false;
	*p = was;
	return true;
}

static void
crt_setcursor(void)
{
	outb(crt_port, 14);
	outb(crt_port + 1, crt_pos >> 8);
	outb(crt_port, 15);
	outb(crt_port + 1, crt_pos);
}

static void
cga_init(void)
{
	int i;

	// Text memory is reached through the kernel's mapping of low
	// physical memory at KERNBASE.
	crt_buf = (uint16_t *) (KERNBASE + CGA_BUF);
	crt_port = CGA_BASE;
	if (!probe_text(crt_buf, crt_port)) {
		crt_buf = (uint16_t *) (KERNBASE + MONO_BUF);
		crt_port = MONO_BASE;
		if (!probe_text(crt_buf, crt_port)) {
			crt_buf = NULL;
			return;
		}
	}

	// Start clean, whatever the BIOS and boot loader left.
	for (i = 0; i < CRT_SIZE; i++)
		crt_buf[i] = CRT_BLANK;
	crt_pos = 0;
	crt_setcursor();
}

static void
cga_putc(int c)
{
	int i;

	if (crt_buf == NULL)
		return;

	// Plain characters get the default colors; callers may pass their
	// own attribute byte in bits 8-15.
	if (!(c & ~0xFF))
		c |= CRT_ATTR;

	switch (c & 0xFF) {
	case '\b':
		if (crt_pos > 0)
			crt_buf[--crt_pos] = (c & ~0xFF) | ' ';
		break;
	case '\n':
		// A Unix newline: next line, first column.
		crt_pos += CRT_COLS - crt_pos % CRT_COLS;
		break;
	case '\r':
		crt_pos -= crt_pos % CRT_COLS;
		break;
	case '\t':
		// To the next multiple of 8; CRT_COLS is one, so a tab never
		// wraps to the next line.
		do
			crt_buf[crt_pos++] = (c & ~0xFF) | ' ';
		while (crt_pos % 8 != 0);
		break;
	default:
		crt_buf[crt_pos++] = c;
		break;
	}

	// Off the bottom: scroll everything up one line.
	if (crt_pos >= CRT_SIZE) {
		memmove((void *) crt_buf, (void *) (crt_buf + CRT_COLS),
			(CRT_SIZE - CRT_COLS) * sizeof(uint16_t));
		for (i = CRT_SIZE - CRT_COLS; i < CRT_SIZE; i++)
			crt_buf[i] = CRT_BLANK;
		crt_pos -= CRT_COLS;
	}

	crt_setcursor();
}

/***** PS/2 keyboard *****/

#define KBSTATP		0x64	// in: controller status
#define   KBS_DIB	0x01	//   output buffer full: a byte to read
#define   KBS_AUX	0x20	//   ... and it is from the mouse
#define KBDATAP		0x60	// in: the byte

// Modifier keys, as bits in kbd_mods. Left and right are separate bits so
// that releasing one Shift while the other is held keeps the shift.
#define MOD_LSHIFT	0x01
#define MOD_RSHIFT	0x02
#define MOD_LCTRL	0x04
#define MOD_RCTRL	0x08
#define MOD_LALT	0x10
#define MOD_RALT	0x20
#define MOD_SHIFT	(MOD_LSHIFT | MOD_RSHIFT)
#define MOD_CTRL	(MOD_LCTRL | MOD_RCTRL)

// Scan code set 1 (what the controller hands the CPU by default) to
// ASCII, for a US layout. 0 means the key produces nothing by itself.
// Keypad keys are in kbd_keypad, since Num Lock changes them.
#define NKEYS 0x59

static const uint8_t kbd_plain[NKEYS] = {
	[0x01] = 0x1B,
	[0x02] = '1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '-', '=',
	[0x0E] = '\b', '\t',
	[0x10] = 'q', 'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p', '[', ']',
	[0x1C] = '\n',
	[0x1E] = 'a', 's', 'd', 'f', 'g', 'h', 'j', 'k', 'l', ';', '\'', '`',
	[0x2B] = '\\', 'z', 'x', 'c', 'v', 'b', 'n', 'm', ',', '.', '/',
	[0x37] = '*',
	[0x39] = ' ',
	[0x4A] = '-',
	[0x4E] = '+',
};

static const uint8_t kbd_shifted[NKEYS] = {
	[0x01] = 0x1B,
	[0x02] = '!', '@', '#', '$', '%', '^', '&', '*', '(', ')', '_', '+',
	[0x0E] = '\b', '\t',
	[0x10] = 'Q', 'W', 'E', 'R', 'T', 'Y', 'U', 'I', 'O', 'P', '{', '}',
	[0x1C] = '\n',
	[0x1E] = 'A', 'S', 'D', 'F', 'G', 'H', 'J', 'K', 'L', ':', '"', '~',
	[0x2B] = '|', 'Z', 'X', 'C', 'V', 'B', 'N', 'M', '<', '>', '?',
	[0x37] = '*',
	[0x39] = ' ',
	[0x4A] = '-',
	[0x4E] = '+',
};

// The keypad's digit block, 0x47-0x53: digits with Num Lock on,
// movement keys with it off. The same scan codes behind an 0xE0 prefix
// are the separate movement keys, which always move.
static const uint8_t kbd_keypad[][2] = {
	[0x47 - 0x47] = { '7', KEY_HOME },
	[0x48 - 0x47] = { '8', KEY_UP },
	[0x49 - 0x47] = { '9', KEY_PGUP },
	[0x4B - 0x47] = { '4', KEY_LF },
	[0x4C - 0x47] = { '5', 0 },
	[0x4D - 0x47] = { '6', KEY_RT },
	[0x4F - 0x47] = { '1', KEY_END },
	[0x50 - 0x47] = { '2', KEY_DN },
	[0x51 - 0x47] = { '3', KEY_PGDN },
	[0x52 - 0x47] = { '0', KEY_INS },
	[0x53 - 0x47] = { '.', KEY_DEL },
};

static int kbd_mods;		// MOD_* bits of the modifiers held down
static bool kbd_capslock;
static bool kbd_numlock = true;	// the BIOS usually leaves it on
static bool kbd_e0;		// the previous byte was the 0xE0 prefix
static int kbd_skip;		// bytes left of a Pause key's sequence

// The modifier bit of scan code sc, or 0.
static int
kbd_modbit(uint8_t sc, bool e0)
{
	switch (sc) {
	case 0x2A: return e0 ? 0 : MOD_LSHIFT;	// E0 2A: a fake shift
	case 0x36: return e0 ? 0 : MOD_RSHIFT;
	case 0x1D: return e0 ? MOD_RCTRL : MOD_LCTRL;
	case 0x38: return e0 ? MOD_RALT : MOD_LALT;
	}
	return 0;
}

// The character for the press of key sc, or 0 for none.
static int
kbd_translate(uint8_t sc, bool e0)
{
	bool shift = (kbd_mods & MOD_SHIFT) != 0;
	int c;

	if (sc >= 0x47 && sc <= 0x53 && sc != 0x4A && sc != 0x4E) {
		// The keypad's digit block; Shift inverts Num Lock.
		if (e0)
			return kbd_keypad[sc - 0x47][1];
		return kbd_keypad[sc - 0x47][kbd_numlock == shift];
	}
	if (e0) {
		// Keypad Enter and keypad '/' are the only extended keys
		// that type something.
		if (sc == 0x1C)
			return '\n';
		if (sc == 0x35)
			return '/';
		return 0;
	}
	if (sc >= NKEYS)
		return 0;

	c = shift ? kbd_shifted[sc] : kbd_plain[sc];
	// Caps Lock inverts the case of letters only.
	if (kbd_capslock && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
		c ^= 0x20;
	// Ctrl makes the control character of @, A-Z, [, \, ], ^, _.
	if ((kbd_mods & MOD_CTRL) && c >= 0x40 && c < 0x80)
		c &= 0x1F;
	return c;
}

// The next character from the keyboard: -1 when the controller has no
// byte, 0 when the byte makes no character (a release, a modifier...).
static int
kbd_proc_data(void)
{
	uint8_t stat, data;
	bool e0, release;
	int bit;

	stat = inb(KBSTATP);
	// No controller reads as all ones.
	if (stat == 0xFF || !(stat & KBS_DIB))
		return -1;
	data = inb(KBDATAP);
	if (stat & KBS_AUX)
		return 0;	// a mouse byte: not ours

	if (kbd_skip > 0) {
		kbd_skip--;
		return 0;
	}
	if (data == 0xE1) {
		// Pause sends E1 1D 45 E1 9D C5 at once and no release.
		kbd_skip = 2;
		return 0;
	}
	if (data == 0xE0) {
		kbd_e0 = true;
		return 0;
	}

	e0 = kbd_e0;
	kbd_e0 = false;
	release = (data & 0x80) != 0;
	data &= 0x7F;

	if ((bit = kbd_modbit(data, e0)) != 0) {
		if (release)
			kbd_mods &= ~bit;
		else
			kbd_mods |= bit;
		return 0;
	}
	if (release)
		return 0;
	if (data == 0x3A && !e0) {
		kbd_capslock = !kbd_capslock;
		return 0;
	}
	if (data == 0x45 && !e0) {
		kbd_numlock = !kbd_numlock;
		return 0;
	}
	return kbd_translate(data, e0);
}

void
kbd_intr(void)
{
	cons_intr(kbd_proc_data);
}

/***** The console as a whole *****/

// Move the cursor back one character without erasing it, for the
// monitor's line editor. A terminal's cursor moves back at "\b"; on the
// screen "\b" erases, so the screen's cursor moves here.
void
cons_cursor_left(void)
{
	serial_putc('\b');
	if (crt_buf != NULL && crt_pos > 0) {
		crt_pos--;
		crt_setcursor();
	}
}

// Was Ctrl-C typed? Takes in what the devices have received; if a Ctrl-C
// is among it, drops the first one and everything typed before it (as a
// terminal drops typed-ahead input at an interrupt) and returns true.
// What was typed after it stays, for the commands that follow.
bool
cons_interrupted(void)
{
	uint32_t i;

	serial_intr();
	kbd_intr();
	for (i = cons.rpos; i != cons.wpos; i++)
		if (cons.buf[i % CONSBUFSIZE] == CTRL_C) {
			cons.rpos = i + 1;
			return true;
		}
	return false;
}

int
cons_getc(void)
{
	// Poll as well as relying on interrupts: the monitor reads with
	// interrupts off.
	serial_intr();
	kbd_intr();

	if (cons.rpos != cons.wpos)
		return cons.buf[cons.rpos++ % CONSBUFSIZE];
	return 0;
}

void
cons_init(void)
{
	cga_init();
	serial_init();
	// The keyboard needs no set-up: the BIOS left it scanning in set 1
	// with its interrupt on.

	if (!serial_exists)
		cprintf("Serial port does not exist!\n");
}

// Output to every device there is. Serial output is byte for byte: the
// test harness reads it from a file, so '\n' is not turned into "\r\n".
void
cputchar(int c)
{
	serial_putc(c & 0xFF);
	cga_putc(c);
}

int
getchar(void)
{
	int c;

	while ((c = cons_getc()) == 0)
		;
	return c;
}

// The console is the only input the kernel has.
int
iscons(int fdnum)
{
	return 1;
}
