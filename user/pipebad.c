// Pipes under abuse: ends that die (not close) while the other end sleeps,
// bad descriptor numbers, the wrong end, bad arguments to the pipe system
// calls, and a long transfer in odd-sized pieces around the buffer's end.
// Last, a reader that sleeps on a pipe nobody else holds: the system must
// still go idle (in batch mode the kernel frees it).
#include <inc/lib.h>

#define BIG	200000

static void
check(const char *what, int got, int want)
{
	if (got != want)
		panic("%s: got %d (%e), want %d", what, got, got, want);
	if (got < 0)
		cprintf("pipebad: %s: %e\n", what, got);
	else
		cprintf("pipebad: %s: %d\n", what, got);
}

// A child that holds what it was forked with, sleeps until the parent is
// ready (ipc_recv), then dies of a page fault without closing anything
// (unless the parent destroys it first).
static envid_t
fork_dier(void)
{
	envid_t child;

	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		ipc_recv(NULL, NULL, NULL);
		*(volatile int *) 0 = 0;	// dies here, closing nothing
	}
	return child;
}

// Wait until env sleeps in the kernel.
static void
wait_asleep(envid_t env)
{
	while (envs[ENVX(env)].env_status != ENV_NOT_RUNNABLE)
		sys_yield();
}

static void
reader_dies(void)
{
	int p[2], r, n = 0;
	envid_t child, writer;

	// The child holds the read end; we hold only the write end and a
	// writer child fills the pipe and sleeps. The reader dies: the
	// sleeping writer's write fails, and so does ours.
	if ((r = pipe(p)) < 0)
		panic("pipe: %e", r);
	child = fork_dier();
	close(p[0]);
	if ((writer = fork()) < 0)
		panic("fork: %e", writer);
	if (writer == 0) {
		while ((r = write(p[1], "x", 1)) == 1)
			n++;
		cprintf("pipebad: the sleeping writer wrote %d bytes, then: %e\n", n, r);
		exit(r == -E_PIPE ? 0 : 1);
	}
	wait_asleep(writer);
	ipc_send(child, 0, NULL, 0);
	check("writer's exit once the reader died", wait(writer), 0);
	check("write after the reader died", write(p[1], "y", 1), -E_PIPE);
	close(p[1]);
}

static void
writer_dies(void)
{
	int p[2], r;
	envid_t child, reader;
	char c;

	// The child holds the write end; a reader child sleeps on the
	// empty pipe. The writer is destroyed: the reader sees the end of
	// file.
	if ((r = pipe(p)) < 0)
		panic("pipe: %e", r);
	child = fork_dier();
	close(p[1]);
	if ((reader = fork()) < 0)
		panic("fork: %e", reader);
	if (reader == 0)
		exit(read(p[0], &c, 1) == 0 ? 0 : 1);
	wait_asleep(reader);
	sys_env_destroy(child);
	check("reader's exit once the writer died (end of file)", wait(reader), 0);
	check("read after the writer died", read(p[0], &c, 1), 0);
	close(p[0]);
}

// The data page of pipe descriptor fdnum.
static char *
pipe_page(int fdnum)
{
	struct Fd *fd;

	if (fd_lookup(fdnum, &fd) < 0)
		panic("fd_lookup(%d)", fdnum);
	return fd2data(fd);
}

// A child that holds what it was forked with until the parent says go,
// then exits (closing everything).
static envid_t
fork_holder(void)
{
	envid_t child;

	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		ipc_recv(NULL, NULL, NULL);
		exit();
	}
	return child;
}

static void
readers_multiply(void)
{
	int p[2], r;
	envid_t writer, reader, extra;
	char c;

	// A reader child sleeps; the only write end is in another child.
	// Before the writer goes, a third child takes the read end too, so
	// the data page has as many mappings again as when the reader fell
	// asleep: the reader must wake all the same.
	if ((r = pipe(p)) < 0)
		panic("pipe: %e", r);
	writer = fork_holder();
	close(p[1]);
	if ((reader = fork()) < 0)
		panic("fork: %e", reader);
	if (reader == 0)
		exit(read(p[0], &c, 1) == 0 ? 0 : 1);
	wait_asleep(reader);
	extra = fork_holder();
	ipc_send(writer, 0, NULL, 0);
	check("reader's exit when the writer went as readers came", wait(reader), 0);
	ipc_send(extra, 0, NULL, 0);
	wait(extra);
	close(p[0]);
}

static void
bad_calls(void)
{
	int p[2], r;
	char c;
	struct Fd *fd;
	uint32_t *word;

	check("read(-1)", read(-1, &c, 1), -E_INVAL);
	check("write(MAXFD)", write(MAXFD, &c, 1), -E_INVAL);
	check("pipeisclosed(99)", pipeisclosed(99), -E_INVAL);
	if ((r = pipe(p)) < 0)
		panic("pipe: %e", r);
	check("read from the write end", read(p[1], &c, 1), -E_INVAL);
	check("write to the read end", write(p[0], "x", 1), -E_INVAL);
	fd = (struct Fd *) (FDTABLE + p[0] * PGSIZE);
	word = (uint32_t *) pipe_page(p[0]);
	check("pipe_wait on an unmapped word", sys_pipe_wait((uint32_t *) 0x10000000, 0, fd), -E_INVAL);
	check("pipe_wait on an unaligned word", sys_pipe_wait((uint32_t *) ((char *) word + 1), 0, fd), -E_INVAL);
	check("pipe_wait on a kernel address", sys_pipe_wait((uint32_t *) KERNBASE, 0, fd), -E_INVAL);
	check("pipe_wait with an unmapped descriptor", sys_pipe_wait(word, *word, (void *) 0x10000000), -E_INVAL);
	check("pipe_wait with a stale word returns", sys_pipe_wait(word, *word + 1, fd), 0);
	check("pipe_wake on an unmapped page", sys_pipe_wake((void *) 0x10000000), -E_INVAL);
	close(p[0]);
	close(p[1]);
	check("read from a closed descriptor", read(p[0], &c, 1), -E_INVAL);
}

// Bytes i of the stream are (i * 7 + i / 3) & 0xff; each side moves them
// in pieces of sizes no buffer size divides.
static void
long_transfer(void)
{
	static uint8_t buf[1500];
	int p[2], r, i, piece;
	uint32_t pos = 0, sum = 0;
	envid_t child;

	if ((r = pipe(p)) < 0)
		panic("pipe: %e", r);
	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		close(p[0]);
		for (piece = 1; pos < BIG; piece = piece * 3 % 1499 + 1) {
			int n = MIN(piece, BIG - pos);
			for (i = 0; i < n; i++)
				buf[i] = ((pos + i) * 7 + (pos + i) / 3) & 0xff;
			if ((r = write(p[1], buf, n)) != n)
				panic("write: %d %e", r, r);
			pos += n;
		}
		exit();
	}
	close(p[1]);
	for (piece = 1; (r = read(p[0], buf, piece)) > 0; piece = piece * 5 % 1497 + 1)
		for (i = 0; i < r; i++, pos++)
			if (buf[i] != ((pos * 7 + pos / 3) & 0xff))
				panic("byte %u is %u", pos, buf[i]);
	if (r < 0)
		panic("read: %e", r);
	close(p[0]);
	wait(child);
	cprintf("pipebad: %u bytes in odd-sized pieces arrived intact\n", pos);
}

void
umain(int argc, char **argv)
{
	int p[2], r;
	char c;

	reader_dies();
	writer_dies();
	readers_multiply();
	bad_calls();
	long_transfer();

	// A reader of a pipe whose write end it holds itself: nothing can
	// ever wake it.
	if ((r = pipe(p)) < 0)
		panic("pipe: %e", r);
	cprintf("pipebad: reading a pipe only we can write\n");
	read(p[0], &c, 1);
	panic("read of a pipe nobody writes returned");
}
