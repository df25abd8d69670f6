#ifndef JOS_INC_ENV_H
#define JOS_INC_ENV_H

#include <inc/types.h>
#include <inc/trap.h>
#include <inc/memlayout.h>

typedef int32_t envid_t;

/*
 * An environment id is positive and has two parts:
 *
 * +1+---------------21-----------------+--------10--------+
 * |0|          Generation              |  Index in envs[] |
 * +-+----------------------------------+------------------+
 *                                       \--- ENVX(eid) --/
 *
 * The generation changes every time a slot is reused, so a stale id never
 * names the slot's new owner. Id 0 means "the caller".
 */
#define LOG2NENV		10
#define NENV			(1 << LOG2NENV)
#define ENVX(envid)		((envid) & (NENV - 1))

// Room for a program's name in struct Env, with its NUL (sys_env_set_name)
#define ENV_NAMELEN		32

// env_status values.
enum {
	ENV_FREE = 0,
	ENV_DYING,
	ENV_RUNNABLE,
	ENV_RUNNING,
	ENV_NOT_RUNNABLE
};

// Special environments.
enum EnvType {
	ENV_TYPE_USER = 0,
	ENV_TYPE_FS,		// the file server (fs/): has I/O privilege
};

// Exit status, as sys_wait and wait() return it: exit(n) gives n & 0xff;
// an environment killed by a trap (a fault, a bad pointer given to a system
// call, a breakpoint with nobody at the console) gives EXIT_KILLED | the
// trap number; one destroyed by another environment gives EXIT_DESTROYED.
#define EXIT_CODE_MASK		0xff
#define EXIT_KILLED		0x100
#define EXIT_DESTROYED		0x200
#define EXIT_WAS_KILLED(s)	(((s) & (EXIT_KILLED | EXIT_DESTROYED)) != 0)
#define EXIT_TRAPNO(s)		((s) & 0xff)

struct Env {
	struct Trapframe env_tf;	// registers while not running; must be first
	uintptr_t env_kstacktop;	// its CPU's kernel stack: must follow env_tf
	struct Env *env_link;		// next on the free list
	envid_t env_id;
	envid_t env_parent_id;		// 0 for environments made by the kernel
	enum EnvType env_type;
	unsigned env_status;
	uint32_t env_runs;		// times it was given the CPU
	int env_cpunum;			// the CPU it last ran on

	// Address space
	pde_t *env_pgdir;		// kernel virtual address of its page directory

	// User page-fault handler entry point (lib/pfentry.S), or 0
	void *env_pgfault_upcall;

	// IPC
	bool env_ipc_recving;		// blocked in sys_ipc_recv
	void *env_ipc_dstva;		// where to map a page sent with the value
	uint32_t env_ipc_value;		// the value sent
	envid_t env_ipc_from;		// who sent it
	int env_ipc_perm;		// permission of the page received, or 0
	envid_t env_ipc_recv_from;	// in sys_ipc_recv_from: the one sender

	// Exit status and blocking (kern/proc.c)
	int env_exit_status;		// how it ended; kept in the slot until reuse
	envid_t env_wait_for;		// blocked in sys_wait for this env, or 0
	bool env_cons_wait;		// blocked in sys_cgetc_wait
	physaddr_t env_pipe_page;	// blocked in sys_pipe_wait on this page, or 0
	physaddr_t env_pipe_fd;		// ... for its end, this descriptor page

	// The program it runs, as the kernel's table of user programs names
	// it (env_create, sys_env_set_name), or "" if not known
	char env_name[ENV_NAMELEN];

	// A trap from virtual-8086 mode (which QEMU lets user code enter
	// with iret) pushes 16 bytes more than struct Trapframe holds, so the
	// frame of the next Env in envs[] starts 16 bytes early: here.
	uint32_t env_vm86_spill[4];
};

#endif /* !JOS_INC_ENV_H */
