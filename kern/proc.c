// Processes beyond JOS: exit status, waiting for an environment to end,
// console input that blocks, pipes that block, and exec. A blocked environment is
// ENV_NOT_RUNNABLE with a note of what it waits for; whoever ends the wait
// puts the result in its saved eax and makes it runnable.

#include <inc/error.h>
#include <inc/string.h>
#include <inc/assert.h>
#include <inc/x86.h>

#include <kern/env.h>
#include <kern/pmap.h>
#include <kern/console.h>
#include <kern/sched.h>
#include <kern/syscall.h>
#include <kern/proc.h>

// How many environments wait in sys_wait and in sys_cgetc_wait: most
// exits and keystrokes then need no scan of envs[].
static uint32_t nwaiting, nreading;
// How many environments sleep in sys_pipe_wait.
static uint32_t npipewait;

// The ids and exit statuses of the last NEXITS environments to end, for a
// sys_wait that comes after the envs[] slot was reused: a shell waits for
// a pipeline's stages one after the other, and a stage that ended early
// may by then have given its slot to a newer environment (a fork, or the
// image an exec builds), since free slots are reused newest first.
#define NEXITS	NENV
static struct {
	envid_t id;
	int status;
} exits[NEXITS];
static uint32_t nexits;

// End e with an exit status (inc/env.h). If e is the current environment,
// run another: no return.
void
env_end(struct Env *e, int status)
{
	e->env_exit_status = status;
	env_free(e);
	if (e == curenv) {
		curenv = NULL;
		sched_yield();
	}
}

// Let w run again, with result as the value of the call it blocked in.
static void
wake(struct Env *w, int32_t result)
{
	w->env_tf.tf_regs.reg_eax = result;
	w->env_status = ENV_RUNNABLE;
}

// e no longer waits for anything (it is freed, or made runnable by its
// parent: its call then returns 0).
void
env_unblock(struct Env *e)
{
	if (e->env_wait_for) {
		e->env_wait_for = 0;
		nwaiting--;
	}
	if (e->env_cons_wait) {
		e->env_cons_wait = 0;
		nreading--;
	}
	if (e->env_pipe_page) {
		e->env_pipe_page = 0;
		npipewait--;
	}
	e->env_ipc_recving = 0;
}

// env_free calls this: e stops waiting, and those waiting for e get its
// exit status. A pipe's other end may have died with e.
void
proc_env_freed(struct Env *e)
{
	uint32_t i;

	env_unblock(e);
	exits[nexits % NEXITS].id = e->env_id;
	exits[nexits % NEXITS].status = e->env_exit_status;
	nexits++;
	pipe_mappings_changed();
	for (i = 0; nwaiting > 0 && i < env_hiwater; i++) {
		struct Env *w = &envs[i];
		if (w->env_wait_for == e->env_id && w->env_status == ENV_NOT_RUNNABLE) {
			env_unblock(w);
			wake(w, e->env_exit_status);
		}
	}
}

// Whether some environment waits for console input (which an interrupt
// may bring at any time).
bool
proc_reading_console(void)
{
	return nreading > 0;
}

// What e is blocked in, for the idle-time report.
const char *
proc_wait_reason(struct Env *e)
{
	if (e->env_cons_wait)
		return "waiting for console input";
	if (e->env_wait_for)
		return "in wait";
	if (e->env_ipc_recving)
		return "in ipc_recv";
	if (e->env_pipe_page)
		return "waiting on a pipe";
	return "not runnable";
}

// Console input has arrived (the keyboard or serial interrupt): hand one
// character each to the readers blocked in sys_cgetc_wait.
void
cons_feed_readers(void)
{
	uint32_t i;
	int c;

	for (i = 0; nreading > 0 && i < env_hiwater; i++) {
		struct Env *r = &envs[i];
		if (!r->env_cons_wait)
			continue;
		if ((c = cons_getc()) == 0)
			return;
		env_unblock(r);
		wake(r, c);
	}
}

// End the caller with status: `[id] exiting gracefully`, as for JOS's
// exit().
int
sys_exit(int status)
{
	cprintf("[%08x] exiting gracefully\n", curenv->env_id);
	syscall_leave();
	env_end(curenv, status & EXIT_CODE_MASK);
	return 0;
}

// The exit status of envid, which ended after its slot was reused; or
// -E_BAD_ENV if it is not among the last NEXITS to end (or never existed).
static int
past_exit_status(envid_t envid)
{
	uint32_t i;

	for (i = 0; i < NEXITS && i < nexits; i++)
		if (exits[i].id == envid)
			return exits[i].status;
	return -E_BAD_ENV;
}

// Block until environment envid has ended, and return its exit status.
// An environment already gone returns at once, as long as it is one of the
// last NEXITS to end (else -E_BAD_ENV, as for an id that never existed).
int
sys_wait(envid_t envid)
{
	struct Env *e = &envs[ENVX(envid)];

	if (envid == 0 || envid == curenv->env_id)
		return -E_INVAL;	// it would wait for itself
	if (envid < 0)
		return -E_BAD_ENV;
	if (e->env_id != envid)
		return past_exit_status(envid);
	if (e->env_status == ENV_FREE)
		return e->env_exit_status;
	curenv->env_wait_for = envid;
	curenv->env_status = ENV_NOT_RUNNABLE;
	nwaiting++;
	syscall_leave();
	sched_yield();
}

// The next character typed on the console; the caller sleeps until there
// is one.
int
sys_cgetc_wait(void)
{
	int c = cons_getc();

	if (c)
		return c;
	curenv->env_cons_wait = 1;
	curenv->env_status = ENV_NOT_RUNNABLE;
	nreading++;
	syscall_leave();
	sched_yield();
}

// exec: the caller takes over the address space and registers of image,
// a child it built and has not started (lib/spawn.c builds it exactly as
// for spawn), and image is freed with the caller's old address space. The
// caller keeps its id, its parent and its children; the new program
// installs its own page-fault upcall and starts with a fresh FPU.
int
sys_exec(envid_t imageid)
{
	struct Env *img;
	pde_t *old;
	int r;

	if ((r = envid2env(imageid, &img, 1)) < 0)
		return r;
	// An image that was ever started may still be on another CPU, in
	// the address space about to become ours (its parent stopped it with
	// sys_env_set_status, and it has not trapped since): refuse it.
	if (img == curenv || img->env_status != ENV_NOT_RUNNABLE || img->env_ipc_recving ||
	    env_on_other_cpu(img))
		return -E_INVAL;
	old = curenv->env_pgdir;
	curenv->env_pgdir = img->env_pgdir;
	img->env_pgdir = old;
	curenv->env_tf = img->env_tf;
	curenv->env_pgfault_upcall = NULL;
	memcpy(curenv->env_name, img->env_name, sizeof(curenv->env_name));
	env_reset_fpu(curenv);
	lcr3(PADDR(curenv->env_pgdir));
	env_end(img, 0);
	return 0;
}

// The page holding user address va in the current environment, or NULL.
static struct PageInfo *
user_page(const void *va)
{
	if ((uintptr_t) va >= UTOP)
		return NULL;
	return page_lookup(curenv->env_pgdir, (void *) va, NULL);
}

// Whether a pipe has lost its other end: its data page has no more
// mappings than one end's descriptor page (lib/pipe.c). The two counts
// are read at one instant, under the kernel lock.
static bool
pipe_closed(struct PageInfo *data, struct PageInfo *fd)
{
	return data->pp_ref <= fd->pp_ref;
}

// Whether the pipe w sleeps on has lost its other end.
static bool
pipe_other_end_gone(struct Env *w)
{
	return pipe_closed(pa2page(w->env_pipe_page), pa2page(w->env_pipe_fd));
}

// Whether the other end of a pipe is closed: 1 or 0. fd is in the
// caller's end's descriptor page, data in the pipe's data page. A user
// cannot read the two counts at one instant itself: with several CPUs,
// another environment may unmap pages between its two reads. Returns
// -E_INVAL if either page is not mapped.
int
sys_pipe_isclosed(const void *fd, const void *data)
{
	struct PageInfo *fp = user_page(fd), *dp = user_page(data);

	if (!fp || !dp)
		return -E_INVAL;
	return pipe_closed(dp, fp);
}

// Sleep on a pipe until sys_pipe_wake names the page holding word, or the
// other end is gone; but only while the 32-bit word still holds seen and
// the other end is still there. fd is the caller's end: its descriptor
// page. A pipe end (lib/pipe.c) reads the positions, decides to sleep and
// calls this: whatever happened in between (bytes moved, the other end
// closed) makes it return at once instead of sleeping through the wake-up
// that came before the sleep. Returns 1 at once if the other end is gone,
// 0 if the word changed or after a wake-up, -E_INVAL for a word or fd not
// mapped or a word not aligned. The caller checks again after a 0:
// waking up promises nothing.
int
sys_pipe_wait(const uint32_t *word, uint32_t seen, const void *fd)
{
	struct PageInfo *pp, *fp;

	if ((uintptr_t) word % sizeof(uint32_t) || !(pp = user_page(word)) ||
	    !(fp = user_page(fd)))
		return -E_INVAL;
	if (pipe_closed(pp, fp))
		return 1;
	if (*(uint32_t *) ((char *) page2kva(pp) + PGOFF(word)) != seen)
		return 0;
	curenv->env_pipe_page = page2pa(pp);
	curenv->env_pipe_fd = page2pa(fp);
	curenv->env_status = ENV_NOT_RUNNABLE;
	npipewait++;
	syscall_leave();
	sched_yield();
}

// Wake everyone sleeping in sys_pipe_wait on the page that holds va.
// Returns 0, or -E_INVAL if nothing is mapped there.
int
sys_pipe_wake(const void *va)
{
	struct PageInfo *pp = user_page(va);
	physaddr_t pa;
	uint32_t i;

	if (!pp)
		return -E_INVAL;
	pa = page2pa(pp);
	for (i = 0; npipewait > 0 && i < env_hiwater; i++)
		if (envs[i].env_pipe_page == pa) {
			env_unblock(&envs[i]);
			wake(&envs[i], 0);
		}
	return 0;
}

// Pages were unmapped (sys_page_unmap) or an environment ended: a pipe
// may have lost an end. Those sleeping on a pipe whose other end is gone
// wake (they are the only ones who can tell: nobody else will write).
void
pipe_mappings_changed(void)
{
	uint32_t i;

	for (i = 0; npipewait > 0 && i < env_hiwater; i++) {
		struct Env *w = &envs[i];
		if (w->env_pipe_page && pipe_other_end_gone(w)) {
			env_unblock(w);
			wake(w, 0);
		}
	}
}
