// Clients that send the file server requests and never take the answer:
// the server must not spend its time on them while an honest client
// waits. SPAMMERS children each send requests in a loop without ever
// receiving; meanwhile this program opens, reads and closes /motd ROUNDS
// times and says how many requests the spammers got in meanwhile.

#include <inc/lib.h>
#include <inc/fs.h>

#define SPAMMERS	16
#define ROUNDS		5
#define REQ		((union Fsipc *) 0x10000000)

static volatile uint32_t *sent;		// requests the spammers got in

static void __attribute__((noreturn))
spam(envid_t fs)
{
	int r;

	if ((r = sys_page_alloc(0, REQ, PTE_P | PTE_U | PTE_W)) < 0)
		panic("page_alloc: %e", r);
	for (;;) {
		REQ->stat.req_fileid = 12345;	// no such file: answered at once
		r = sys_ipc_try_send(fs, FSREQ_STAT, REQ, PTE_P | PTE_U | PTE_W);
		if (r == 0)
			__atomic_add_fetch(sent, 1, __ATOMIC_SEQ_CST);
		else if (r != -E_IPC_NOT_RECV) {
			cprintf("hostile_fsspam: spammer: %e\n", r);
			exit();
		}
		sys_yield();
	}
}

void
umain(int argc, char **argv)
{
	envid_t fs = ipc_find_env(ENV_TYPE_FS), kids[SPAMMERS];
	char buf[128];
	int i, fd, r, n;
	uint32_t before;

	sent = (volatile uint32_t *) 0x0E000000;
	if ((r = sys_page_alloc(0, (void *) sent, PTE_P | PTE_U | PTE_W | PTE_SHARE)) < 0)
		panic("page_alloc: %e", r);
	for (i = 0; i < SPAMMERS; i++)
		if ((kids[i] = fork()) == 0)
			spam(fs);
	// The honest client comes after them in envs[], so that they are
	// first in line whenever the server is free.
	if ((r = fork()) == 0) {
		before = *sent;
		for (i = 0, n = 0; i < ROUNDS; i++) {
			if ((fd = open("/motd", O_RDONLY)) < 0)
				panic("open /motd: %e", fd);
			if ((r = read(fd, buf, sizeof buf)) > 0)
				n += r;
			close(fd);
		}
		cprintf("hostile_fsspam: %d rounds read %d bytes while %d spammers sent %u requests\n",
			ROUNDS, n, SPAMMERS, *sent - before);
		exit();
	}
	wait(r);
	for (i = 0; i < SPAMMERS; i++)
		sys_env_destroy(kids[i]);
	// The server still answers.
	if ((fd = open("/motd", O_RDONLY)) < 0)
		panic("open /motd: %e", fd);
	close(fd);
	cprintf("hostile_fsspam: done\n");
}
