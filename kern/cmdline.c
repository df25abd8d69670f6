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
//   envgens=N       environment ids repeat after N generations of a slot,
//                   not after 524,287: for testing the wrap
//   nofs            start no file server, so that the first program is
//                   00001000 as in labs 3 and 4
//   swap            swap user pages to QEMU's disk 2 when memory runs out
//                   (make SWAP=MB adds the disk and this word)
//   -- ARGS...      the rest is the user program's argv[1..]
//
// The kernel takes up to CMDLINE_MAXLEN bytes and CMDLINE_MAXWORDS words
// (kern/cmdline.h). A longer command line, or one with a quote left open,
// is refused whole with a panic that says why: cutting it would run
// something else than was asked (a `run=` past the cut, say) in silence.

#include <inc/x86.h>
#include <inc/string.h>
#include <inc/stdio.h>
#include <inc/assert.h>
#include <kern/cmdline.h>

#define FW_CFG_PORT_SEL		0x510
#define FW_CFG_PORT_DATA	0x511
#define FW_CFG_SIGNATURE	0x0000
#define FW_CFG_FILE_DIR		0x0019
#define FW_CFG_NB_CPUS		0x0005	// 16 bits, little-endian

struct Cmdline cmdline;
static char cmdline_buf[CMDLINE_MAXLEN + 1];

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

// Read fw_cfg file `name` into buf as a C string, as much as fits; returns
// the file's whole length (which may exceed size - 1), or -1 when there is
// no fw_cfg device or no such file.
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
		return be32(file.size);
	}
	return -1;
}

// A command line the kernel will not act on: say why, and stop QEMU with
// the panic status whoever is at the console, since whether it is a
// batch run is part of what cannot be trusted.
#define cmdline_refuse(...) do {					\
	cmdline.batch = true;						\
	panic("kernel command line refused: " __VA_ARGS__);		\
} while (0)

// Split s in place into words; returns the number of words. More than max
// words, or a quote left open, is refused.
static int
split_words(char *s, char **words, int max)
{
	int n = 0;

	while (*s) {
		while (*s == ' ' || *s == '\t' || *s == '\n')
			s++;
		if (!*s)
			break;
		if (n == max)
			cmdline_refuse("more than %d words", max);
		words[n++] = s;
		char *out = s;
		bool quoted = false;
		for (; *s && (quoted || (*s != ' ' && *s != '\t' && *s != '\n')); s++) {
			if (*s == '\'')
				quoted = !quoted;
			else
				*out++ = *s;
		}
		if (quoted) {
			*out = '\0';
			cmdline_refuse("a quote is left open in word %d: %.40s", n, words[n - 1]);
		}
		if (*s)
			s++;
		*out = '\0';
	}
	return n;
}

static void
parse_envgens(const char *s)
{
	char *end;
	long n = strtol(s, &end, 0);

	if (*s && !*end && n > 0)
		cmdline.envgens = n;
	else
		cprintf("kernel command line: envgens=%s is not a positive number: ignored\n", s);
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
	else if (strncmp(w, "envgens=", 8) == 0)
		parse_envgens(w + 8);
	else if (strcmp(w, "nofs") == 0)
		cmdline.nofs = true;
	else if (strncmp(w, "run=", 4) == 0)
		cmdline.run = w + 4;
	else if (strncmp(w, "mon=", 4) == 0)
		cmdline.mon[cmdline.nmon++] = w + 4;	// no more than the words
	else if (strcmp(w, "swap") == 0)
		cmdline.swap = true;
	else
		cprintf("kernel command line: unknown option '%s' ignored\n", w);
}

void
cmdline_init(void)
{
	static char *words[CMDLINE_MAXWORDS];
	int i, n, len;

	if ((len = fwcfg_read_file("opt/jos/cmdline", cmdline_buf, sizeof(cmdline_buf))) < 0)
		return;
	if (len > CMDLINE_MAXLEN)
		cmdline_refuse("%d bytes, more than the %d the kernel takes", len, CMDLINE_MAXLEN);
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

// How many CPUs QEMU was given, or 1 without fw_cfg: kern/pmap.c reserves
// a kernel stack for each before it can read the ACPI tables.
int
fwcfg_ncpus(void)
{
	char sig[4];
	uint16_t n;

	fwcfg_select(FW_CFG_SIGNATURE);
	fwcfg_read(sig, 4);
	if (memcmp(sig, "QEMU", 4) != 0)
		return 1;
	fwcfg_select(FW_CFG_NB_CPUS);
	fwcfg_read(&n, 2);
	return n ? n : 1;
}
