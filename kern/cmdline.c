// The kernel command line, passed by QEMU through its fw_cfg device as the
// file "opt/jos/cmdline", so that a test chooses what runs without
// rebuilding the kernel.
//
// Syntax: words separated by spaces; a word may be 'single quoted'.
//   run=NAME        start user/NAME.c as the first environment
//   batch           no one is at the console: never wait for input, and
//                   exit QEMU when the system goes idle or panics
//   mon=COMMAND     run a monitor command at boot (repeatable), e.g.
//                   mon='showmappings 0xf0000000 0xf0004000'
//   trace=syscall   print every system call; trace=trap every trap
//   audit           check every page's reference count when idle
//   quiet           skip printing the boot-time self-check lines
//   timing          print the cycles (with QEMU -icount: instructions) from
//                   the kernel's first instruction to the first user one
//   cow=user        write faults on copy-on-write pages go to the
//                   environment's page-fault handler, as in JOS lab 4,
//                   instead of being resolved by the kernel: for grading
//                   a user-level fork
//   -- ARGS...      the rest is the user program's argv[1..]

#include <inc/x86.h>
#include <inc/string.h>
#include <inc/stdio.h>
#include <kern/cmdline.h>

#define FW_CFG_PORT_SEL		0x510
#define FW_CFG_PORT_DATA	0x511
#define FW_CFG_SIGNATURE	0x0000
#define FW_CFG_FILE_DIR		0x0019

struct Cmdline cmdline;
static char cmdline_buf[1024];

static void
fwcfg_select(uint16_t key)
{
	outw(FW_CFG_PORT_SEL, key);
}

static void
fwcfg_read(void *buf, size_t len)
{
	uint8_t *p = buf;
	while (len-- > 0)
		*p++ = inb(FW_CFG_PORT_DATA);
}

static uint32_t
be32(uint32_t x)
{
	return __builtin_bswap32(x);
}

// Read fw_cfg file `name` into buf as a C string; returns its length, or
// -1 when there is no fw_cfg device or no such file.
static int
fwcfg_read_file(const char *name, char *buf, size_t size)
{
	struct {
		uint32_t size;		// big-endian, like the rest of fw_cfg
		uint16_t select;
		uint16_t reserved;
		char name[56];
	} file;
	char sig[4];
	uint32_t count;

	fwcfg_select(FW_CFG_SIGNATURE);
	fwcfg_read(sig, 4);
	if (memcmp(sig, "QEMU", 4) != 0)
		return -1;

	fwcfg_select(FW_CFG_FILE_DIR);
	fwcfg_read(&count, 4);
	for (count = be32(count); count > 0; count--) {
		fwcfg_read(&file, sizeof(file));
		if (strncmp(file.name, name, sizeof(file.name)) != 0)
			continue;
		size_t len = MIN(be32(file.size), size - 1);
		fwcfg_select(__builtin_bswap16(file.select));
		fwcfg_read(buf, len);
		buf[len] = '\0';
		return len;
	}
	return -1;
}

// Split s in place into words; returns the number of words.
static int
split_words(char *s, char **words, int max)
{
	int n = 0;

	while (*s && n < max) {
		while (*s == ' ' || *s == '\t' || *s == '\n')
			s++;
		if (!*s)
			break;
		words[n++] = s;
		char *out = s;
		bool quoted = false;
		for (; *s && (quoted || (*s != ' ' && *s != '\t' && *s != '\n')); s++) {
			if (*s == '\'')
				quoted = !quoted;
			else
				*out++ = *s;
		}
		if (*s)
			s++;
		*out = '\0';
	}
	return n;
}

static void
parse_word(char *w)
{
	if (strcmp(w, "batch") == 0)
		cmdline.batch = true;
	else if (strcmp(w, "audit") == 0)
		cmdline.audit = true;
	else if (strcmp(w, "quiet") == 0)
		cmdline.quiet = true;
	else if (strcmp(w, "timing") == 0)
		cmdline.timing = true;
	else if (strcmp(w, "cow=user") == 0)
		cmdline.user_cow = true;
	else if (strcmp(w, "trace=syscall") == 0)
		cmdline.trace_syscall = true;
	else if (strcmp(w, "trace=trap") == 0)
		cmdline.trace_trap = true;
	else if (strcmp(w, "nofs") == 0)
		cmdline.nofs = true;
	else if (strncmp(w, "run=", 4) == 0)
		cmdline.run = w + 4;
	else if (strncmp(w, "mon=", 4) == 0) {
		if (cmdline.nmon < CMDLINE_MAXWORDS)
			cmdline.mon[cmdline.nmon++] = w + 4;
	} else
		cprintf("kernel command line: unknown option '%s' ignored\n", w);
}

void
cmdline_init(void)
{
	char *words[CMDLINE_MAXWORDS];
	int i, n;

	if (fwcfg_read_file("opt/jos/cmdline", cmdline_buf, sizeof(cmdline_buf)) < 0)
		return;
	cprintf("kernel command line: %s\n", cmdline_buf);

	n = split_words(cmdline_buf, words, CMDLINE_MAXWORDS);
	for (i = 0; i < n && strcmp(words[i], "--") != 0; i++)
		parse_word(words[i]);
	if (cmdline.run) {
		cmdline.argv[cmdline.argc++] = (char *) cmdline.run;
		for (i++; i < n; i++)
			cmdline.argv[cmdline.argc++] = words[i];
	}
}
