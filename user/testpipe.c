// JOS lab 5's pipe test: a reader sees the end of the file once the writer
// closes, and a writer sees an error once the reader closes.
#include <inc/lib.h>

static const char msg[] =
	"Now is the time for all good men to come to the aid of their party.";

// The child reads everything the parent writes, up to the end of file.
static void
read_to_eof(void)
{
	char buf[100];
	int p[2], r;
	envid_t pid;

	if ((r = pipe(p)) < 0)
		panic("pipe: %e", r);
	if ((pid = fork()) < 0)
		panic("fork: %e", pid);
	if (pid == 0) {
		close(p[1]);
		r = readn(p[0], buf, sizeof(buf) - 1);
		if (r < 0)
			panic("read: %e", r);
		buf[r] = '\0';
		if (strcmp(buf, msg) == 0)
			cprintf("pipe read closed properly\n");
		else
			cprintf("got %d bytes: %s\n", r, buf);
		exit();
	}
	close(p[0]);
	if ((r = write(p[1], msg, strlen(msg))) != (int) strlen(msg))
		panic("write: %e", r);
	close(p[1]);
	wait(pid);
}

// The child writes until the pipe is full and sleeps; the parent then
// closes the read end, and the child's write fails.
static void
write_to_closed(void)
{
	int p[2], r, n = 0;
	envid_t pid;

	if ((r = pipe(p)) < 0)
		panic("pipe: %e", r);
	if ((pid = fork()) < 0)
		panic("fork: %e", pid);
	if (pid == 0) {
		close(p[0]);
		while ((r = write(p[1], "x", 1)) == 1)
			n++;
		cprintf("wrote %d bytes, then: %e\n", n, r);
		cprintf("pipe write closed properly\n");
		exit();
	}
	close(p[1]);
	while (envs[ENVX(pid)].env_status != ENV_NOT_RUNNABLE)
		sys_yield();
	close(p[0]);
	wait(pid);
}

void
umain(int argc, char **argv)
{
	read_to_eof();
	write_to_closed();
	cprintf("pipe tests passed\n");
}
