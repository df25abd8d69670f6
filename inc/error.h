#ifndef JOS_INC_ERROR_H
#define JOS_INC_ERROR_H

// System calls and library functions return -E_* on failure.
enum {
	E_UNSPECIFIED	= 1,	// unknown problem
	E_BAD_ENV	= 2,	// no such environment, or not the caller's to touch
	E_INVAL		= 3,	// invalid argument
	E_NO_MEM	= 4,	// out of physical memory
	E_NO_FREE_ENV	= 5,	// all NENV environments in use
	E_FAULT		= 6,	// bad user memory address
	E_IPC_NOT_RECV	= 7,	// target is not waiting in sys_ipc_recv
	E_EOF		= 8,	// unexpected end of file

	MAXERROR
};

#endif /* !JOS_INC_ERROR_H */
