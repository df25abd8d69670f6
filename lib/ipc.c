// Inter-environment communication over sys_ipc_try_send and sys_ipc_recv.

#include <inc/lib.h>

// Receive a value, and a page at pg if the sender sends one and pg is not
// NULL. Stores the sender's id and the page's permission (0 if no page came)
// when the pointers are not NULL. Returns the value, or -E_* with the
// stores zeroed.
int32_t
ipc_recv(envid_t *from_env_store, void *pg, int *perm_store)
{
	// NULL means "no page": an address the kernel will not map to.
	int r = sys_ipc_recv(pg ? pg : (void *) UTOP);

	if (from_env_store)
		*from_env_store = r < 0 ? 0 : thisenv->env_ipc_from;
	if (perm_store)
		*perm_store = r < 0 ? 0 : thisenv->env_ipc_perm;
	return r < 0 ? r : thisenv->env_ipc_value;
}

// Send val, and the page at pg if pg is not NULL, to to_env, yielding the
// CPU until it is waiting. Any error but "not receiving yet" panics.
void
ipc_send(envid_t to_env, uint32_t val, void *pg, int perm)
{
	int r;

	while ((r = sys_ipc_try_send(to_env, val, pg ? pg : (void *) UTOP, perm)) == -E_IPC_NOT_RECV)
		sys_yield();
	if (r < 0)
		panic("ipc_send to %08x: %e", to_env, r);
}

// The first environment of the given type, or 0.
envid_t
ipc_find_env(enum EnvType type)
{
	int i;

	for (i = 0; i < NENV; i++)
		if (envs[i].env_type == type && envs[i].env_status != ENV_FREE)
			return envs[i].env_id;
	return 0;
}
