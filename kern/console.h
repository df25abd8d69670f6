// The kernel console: CGA/MDA text screen, COM1 serial port, PS/2 keyboard.

#ifndef JOS_KERN_CONSOLE_H
#define JOS_KERN_CONSOLE_H
#ifndef JOS_KERNEL
# error "This is a JOS kernel header; user programs should not #include it"
#endif

#include <inc/types.h>

// The text screen.
#define CRT_ROWS	25
#define CRT_COLS	80
#define CRT_SIZE	(CRT_ROWS * CRT_COLS)

// What cons_getc returns for keys that have no ASCII code. They are above
// 0x7f, so readline ignores them.
#define KEY_HOME	0xE0
#define KEY_END		0xE1
#define KEY_UP		0xE2
#define KEY_DN		0xE3
#define KEY_LF		0xE4
#define KEY_RT		0xE5
#define KEY_PGUP	0xE6
#define KEY_PGDN	0xE7
#define KEY_INS		0xE8
#define KEY_DEL		0xE9

// Set up the screen (cleared), the serial port (115200 8N1, receive
// interrupts on) and the keyboard. Must run before any output.
void cons_init(void);

// The next input character, or 0 if there is none. Polls both devices, so
// it works with interrupts off.
int cons_getc(void);

// What Ctrl-C sends, from the keyboard and from a terminal.
#define CTRL_C		0x03

// For the monitor's line editor: move the cursor back one character
// without erasing it; and whether Ctrl-C was typed (which it consumes).
void cons_cursor_left(void);
bool cons_interrupted(void);

// Move whatever the device has received into the console input buffer.
// The IRQ 1 and IRQ 4 handlers call these; so does cons_getc.
void kbd_intr(void);
void serial_intr(void);

#endif /* !JOS_KERN_CONSOLE_H */
