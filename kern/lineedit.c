// The monitor's line editor: the cursor moves with left/right (and
// Home/End), typing inserts, backspace and Delete erase, Ctrl-U clears
// the line, up/down walk the lines entered before, Ctrl-C drops the line.
//
// Keys come from a terminal on the serial port as escape sequences
// (ESC [ A for up, ESC [ 3 ~ for Delete) and from the PS/2 keyboard as
// the KEY_* codes of kern/console.h. The echo uses only characters,
// spaces and cursor-left moves, so it looks right on both a terminal and
// the screen; plain typing echoes exactly what was typed.

#include <inc/stdio.h>
#include <inc/string.h>

#include <kern/console.h>
#include <kern/monitor.h>

#define ESC		0x1B
#define CTRL_U		0x15
#define BACKSPACE	'\b'
#define DEL_CHAR	0x7F

static char line[MON_LINE_MAX];
static int len;		// characters in line
static int pos;		// the cursor: 0..len

// The last MON_HISTORY lines entered, oldest first.
static char history[MON_HISTORY][MON_LINE_MAX];
static int nhistory;

static void
cursor_to(int p)
{
	while (pos > p) {
		cons_cursor_left();
		pos--;
	}
	while (pos < p)
		cputchar(line[pos++]);
}

// Redraw from the cursor to the end, blanking `erased` characters after
// it that the line no longer has, and put the cursor back.
static void
redraw_tail(int erased)
{
	int p = pos, i;

	for (i = pos; i < len; i++)
		cputchar(line[i]);
	for (i = 0; i < erased; i++)
		cputchar(' ');
	pos = len + erased;
	cursor_to(p);
}

// Replace the whole line (history, Ctrl-U) and leave the cursor at its end.
static void
set_line(const char *s)
{
	int old = len, i;

	cursor_to(0);
	strncpy(line, s, MON_LINE_MAX - 1);
	line[MON_LINE_MAX - 1] = '\0';
	len = strlen(line);
	for (i = 0; i < len; i++)
		cputchar(line[i]);
	// Blank what is left of the old line, and come back.
	for (i = len; i < old; i++)
		cputchar(' ');
	for (i = len; i < old; i++)
		cons_cursor_left();
	pos = len;
}

static void
insert_char(int c)
{
	if (len == MON_LINE_MAX - 1)
		return;
	memmove(line + pos + 1, line + pos, len - pos);
	line[pos] = c;
	len++;
	cputchar(c);
	pos++;
	redraw_tail(0);
}

// Remove the character at the cursor.
static void
delete_char(void)
{
	if (pos == len)
		return;
	memmove(line + pos, line + pos + 1, len - pos - 1);
	len--;
	redraw_tail(1);
}

static void
remember(void)
{
	if (len == 0 || (nhistory > 0 && strcmp(history[nhistory - 1], line) == 0))
		return;
	if (nhistory == MON_HISTORY) {
		memmove(history[0], history[1], sizeof(history[0]) * (MON_HISTORY - 1));
		nhistory--;
	}
	strcpy(history[nhistory++], line);
}

// The key an escape sequence stands for (after ESC), or 0.
static int
escape_key(void)
{
	int c = getchar(), n = 0;

	if (c != '[' && c != 'O')
		return 0;
	c = getchar();
	// ESC [ N ~: Home 1 or 7, Delete 3, End 4 or 8.
	while (c >= '0' && c <= '9') {
		n = n * 10 + c - '0';
		c = getchar();
	}
	switch (c) {
	case 'A': return KEY_UP;
	case 'B': return KEY_DN;
	case 'C': return KEY_RT;
	case 'D': return KEY_LF;
	case 'H': return KEY_HOME;
	case 'F': return KEY_END;
	case '~':
		if (n == 1 || n == 7)
			return KEY_HOME;
		if (n == 4 || n == 8)
			return KEY_END;
		if (n == 3)
			return KEY_DEL;
		return 0;
	default:
		return 0;
	}
}

// Print prompt and read a line with editing. Returns the line, without
// its end, in a static buffer that the next call overwrites.
char *
mon_readline(const char *prompt)
{
	// Where up/down are in the history: nhistory is the line being typed.
	int at = nhistory, c;

	cprintf("%s", prompt);
	len = pos = 0;
	line[0] = '\0';
	for (;;) {
		c = getchar();
		if (c == ESC)
			c = escape_key();
		switch (c) {
		case '\r':
		case '\n':
			cursor_to(len);
			cputchar('\n');
			line[len] = '\0';
			remember();
			return line;
		case CTRL_C:
			cprintf("^C\n");
			len = pos = 0;
			line[0] = '\0';
			return line;
		case CTRL_U:
			set_line("");
			break;
		case BACKSPACE:
		case DEL_CHAR:
			if (pos > 0) {
				cons_cursor_left();
				pos--;
				delete_char();
			}
			break;
		case KEY_DEL:
			delete_char();
			break;
		case KEY_LF:
			cursor_to(pos > 0 ? pos - 1 : 0);
			break;
		case KEY_RT:
			cursor_to(pos < len ? pos + 1 : len);
			break;
		case KEY_HOME:
			cursor_to(0);
			break;
		case KEY_END:
			cursor_to(len);
			break;
		case KEY_UP:
			if (at > 0)
				set_line(history[--at]);
			break;
		case KEY_DN:
			if (at < nhistory)
				set_line(++at < nhistory ? history[at] : "");
			break;
		default:
			// Printable ASCII only: other control characters and
			// keys without a use here are ignored.
			if (c >= ' ' && c < DEL_CHAR)
				insert_char(c);
			break;
		}
	}
}
