/** WAN link emulation, scripted workloads on both clients, recording and reports (see issue 5). */
package org.thinrich.scenarios;
