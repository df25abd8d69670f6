// spawn and exec: a program from the file system in a new environment
// (spawn, JOS lab 5's) or in place of the caller (exec, xv6's). Both build
// the same image: an exofork child, not yet runnable, with the ELF file's
// segments, a stack holding the arguments, and every PTE_SHARE page of
// the caller (the descriptor table and what it points to). spawn lets the
// child run; exec hands its image to the caller (sys_exec), which keeps
// its envid, parent, children and descriptors.

#include <inc/lib.h>
#include <inc/elf.h>

// Where the stack page and each loaded page are filled before they are
// mapped into the child.
#define TEMP		((uint8_t *) UTEMP)

// The ELF header and program headers must fit in the first ELFHDRSIZE
// bytes of the file, as in every program the build makes.
#define ELFHDRSIZE	512

// An address in the stack page at TEMP, as the child sees it.
static uintptr_t
temp2ustack(void *va)
{
	return (uintptr_t) va - (uintptr_t) TEMP + USTACKTOP - PGSIZE;
}

// The child's stack page: the argument strings at its top, below them
// argv[] (NULL-terminated), below that argc and argv, where lib/entry.S
// passes them to libmain. Stores the child's stack pointer in *esp.
static int
init_stack(envid_t child, const char **argv, uintptr_t *esp)
{
	size_t size = 0;
	int argc, i, r;
	char *strings;
	uintptr_t *args;

	for (argc = 0; argv[argc]; argc++) {
		size += strlen(argv[argc]) + 1;
		if (size > PGSIZE)
			return -E_INVAL;	// more arguments than a page holds
	}
	strings = (char *) TEMP + PGSIZE - size;
	args = (uintptr_t *) ROUNDDOWN((uintptr_t) strings, 4) - (argc + 1);
	if ((uint8_t *) (args - 2) < TEMP)
		return -E_INVAL;	// more arguments than a page holds

	if ((r = sys_page_alloc(0, TEMP, PTE_P | PTE_U | PTE_W)) < 0)
		return r;
	for (i = 0; i < argc; i++) {
		args[i] = temp2ustack(strings);
		strcpy(strings, argv[i]);
		strings += strlen(argv[i]) + 1;
	}
	args[argc] = 0;
	args[-1] = temp2ustack(args);
	args[-2] = argc;
	*esp = temp2ustack(args - 2);
	return sys_page_map(0, TEMP, child, (void *) (USTACKTOP - PGSIZE),
			    PTE_P | PTE_U | PTE_W);
}

// Whether a segment can be loaded: its bytes in the file within the file,
// no more of them than it takes in memory, and all of it between UTEXT
// and UTOP (the kernel refuses pages elsewhere anyway).
static bool
segment_ok(const struct Proghdr *ph, off_t filesize)
{
	return ph->p_filesz <= ph->p_memsz &&
	       ph->p_offset <= (uint32_t) filesize &&
	       ph->p_filesz <= (uint32_t) filesize - ph->p_offset &&
	       ph->p_va >= UTEXT && ph->p_va < UTOP &&
	       ph->p_memsz <= UTOP - ph->p_va;
}

// Map segment ph of the ELF file fd into child. A page with bytes from
// the file is read into TEMP and mapped; a page past them (the bss) is
// allocated zeroed straight in the child.
static int
load_segment(envid_t child, int fd, const struct Proghdr *ph)
{
	int perm = PTE_P | PTE_U | ((ph->p_flags & ELF_PROG_FLAG_WRITE) ? PTE_W : 0);
	uintptr_t fstart = ph->p_va, fend = ph->p_va + ph->p_filesz;
	uintptr_t va, lo, hi;
	int r;

	for (va = ROUNDDOWN(ph->p_va, PGSIZE); va < ph->p_va + ph->p_memsz; va += PGSIZE) {
		lo = MAX(va, fstart);
		hi = MIN(va + PGSIZE, fend);
		if (lo >= hi) {
			if ((r = sys_page_alloc(child, (void *) va, perm)) < 0)
				return r;
			continue;
		}
		// A fresh page each time: the last one is now the child's.
		if ((r = sys_page_alloc(0, TEMP, PTE_P | PTE_U | PTE_W)) < 0 ||
		    (r = seek(fd, ph->p_offset + (lo - fstart))) < 0)
			return r;
		if ((r = readn(fd, TEMP + (lo - va), hi - lo)) != (int) (hi - lo))
			return r < 0 ? r : -E_NOT_EXEC;
		if ((r = sys_page_map(0, TEMP, child, (void *) va, perm)) < 0)
			return r;
	}
	return 0;
}

// Map our PTE_SHARE pages in [start, end) at the same place in child,
// with the same permissions, looking only through page tables that are
// there.
static int
copy_shared_range(envid_t child, uintptr_t start, uintptr_t end)
{
	uint32_t pn = PGNUM(start), last = PGNUM(end), limit;
	int r;

	while (pn < last) {
		limit = MIN(ROUNDUP(pn + 1, NPTENTRIES), last);
		if (!(uvpd[pn / NPTENTRIES] & PTE_P)) {
			pn = limit;
			continue;
		}
		for (; pn < limit; pn++) {
			pte_t pte = uvpt[pn];
			if ((pte & (PTE_P | PTE_SHARE)) != (PTE_P | PTE_SHARE))
				continue;
			void *va = (void *) (pn * PGSIZE);
			if ((r = sys_page_map(0, va, child, va, pte & PTE_SYSCALL)) < 0)
				return r;
		}
	}
	return 0;
}

// Map every PTE_SHARE page of ours into child: the descriptor pages last,
// after the data pages they point to, as dup does, so that no pipe end
// looks closed to a reader or writer running meanwhile (lib/pipe.c).
static int
copy_shared_pages(envid_t child)
{
	int r;

	if ((r = copy_shared_range(child, 0, FDTABLE)) < 0 ||
	    (r = copy_shared_range(child, FILEDATA, UTOP)) < 0)
		return r;
	return copy_shared_range(child, FDTABLE, FILEDATA);
}

// Read and check the ELF header of the file fd into hdr (ELFHDRSIZE
// bytes), and its size into *size. Returns 0 or -E_NOT_EXEC (or another
// -E_* if the file cannot be read).
static int
read_elf_header(int fd, uint8_t *hdr, off_t *size)
{
	struct Elf *elf = (struct Elf *) hdr;
	struct Stat st;
	int n, r;

	if ((r = fstat(fd, &st)) < 0)
		return r;
	if (st.st_isdir)
		return -E_NOT_EXEC;
	if ((n = readn(fd, hdr, ELFHDRSIZE)) < 0)
		return n;
	if (n < (int) sizeof(struct Elf) || elf->e_magic != ELF_MAGIC ||
	    elf->e_phoff > (uint32_t) n ||
	    elf->e_phnum > (n - elf->e_phoff) / sizeof(struct Proghdr))
		return -E_NOT_EXEC;
	*size = st.st_size;
	return 0;
}

// Load the segments of the ELF file fd, whose header is hdr, into child.
static int
load_elf(envid_t child, int fd, const uint8_t *hdr, off_t size)
{
	const struct Elf *elf = (const struct Elf *) hdr;
	const struct Proghdr *ph = (const struct Proghdr *) (hdr + elf->e_phoff);
	int i, r;

	for (i = 0; i < elf->e_phnum; i++, ph++) {
		if (ph->p_type != ELF_PROG_LOAD)
			continue;
		if (!segment_ok(ph, size))
			return -E_NOT_EXEC;
		if ((r = load_segment(child, fd, ph)) < 0)
			return r;
	}
	return 0;
}

// The image of program prog with arguments argv: a new child of ours, not
// yet runnable. Returns its id, or -E_NOT_FOUND (no such file),
// -E_NOT_EXEC (not a program) or another -E_*.
static envid_t
spawn_image(const char *prog, const char **argv)
{
	uint8_t hdr[ELFHDRSIZE];
	struct Trapframe tf;
	uintptr_t esp;
	envid_t child;
	off_t size;
	int fd, r;

	if ((fd = open(prog, O_RDONLY)) < 0)
		return fd;
	if ((r = read_elf_header(fd, hdr, &size)) < 0 ||
	    (r = child = sys_exofork()) < 0) {
		close(fd);
		return r;
	}
	r = load_elf(child, fd, hdr, size);
	// The file is closed before the descriptors go to the child.
	close(fd);
	tf = envs[ENVX(child)].env_tf;
	tf.tf_eip = ((struct Elf *) hdr)->e_entry;
	if (r < 0 ||
	    (r = init_stack(child, argv, &esp)) < 0 ||
	    (r = copy_shared_pages(child)) < 0 ||
	    (tf.tf_esp = esp, r = sys_env_set_trapframe(child, &tf)) < 0) {
		sys_page_unmap(0, TEMP);
		sys_env_destroy(child);
		return r;
	}
	sys_page_unmap(0, TEMP);
	return child;
}

// Start program prog (a path in the file system) as a child, with
// arguments argv (argv[0] its name, NULL at the end). Returns the child's
// id, or -E_*.
envid_t
spawn(const char *prog, const char **argv)
{
	envid_t child;
	int r;

	if ((child = spawn_image(prog, argv)) < 0)
		return child;
	if ((r = sys_env_set_status(child, ENV_RUNNABLE)) < 0) {
		sys_env_destroy(child);
		return r;
	}
	return child;
}

// Replace the calling program with prog: same envid, same descriptors.
// Returns only on failure, with -E_*; the caller then runs on as before.
int
exec(const char *prog, const char **argv)
{
	envid_t image;
	int r;

	if ((image = spawn_image(prog, argv)) < 0)
		return image;
	r = sys_exec(image);
	sys_env_destroy(image);
	return r;
}

// spawnl and execl: the arguments after arg0, up to a NULL, in an array.
static int
spawn_list(bool replace, const char *prog, const char *arg0, va_list ap)
{
	va_list count;
	int argc = 0, i;

	va_copy(count, ap);
	while (arg0 && va_arg(count, const char *) != NULL)
		argc++;
	va_end(count);

	const char *argv[argc + 2];
	argv[0] = arg0;
	for (i = 1; i <= argc; i++)
		argv[i] = va_arg(ap, const char *);
	argv[argc + 1] = NULL;
	return replace ? exec(prog, argv) : spawn(prog, argv);
}

// spawn with the arguments listed: spawnl("/ls", "ls", "-l", NULL).
envid_t
spawnl(const char *prog, const char *arg0, ...)
{
	va_list ap;
	int r;

	va_start(ap, arg0);
	r = spawn_list(0, prog, arg0, ap);
	va_end(ap);
	return r;
}

// exec with the arguments listed: execl("/echo", "echo", "hi", NULL).
int
execl(const char *prog, const char *arg0, ...)
{
	va_list ap;
	int r;

	va_start(ap, arg0);
	r = spawn_list(1, prog, arg0, ap);
	va_end(ap);
	return r;
}
