/** Word-level tokenisation and the single-turn chat template of the ROSS model. */
package org.ross.core.text;
