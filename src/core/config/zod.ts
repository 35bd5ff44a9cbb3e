import * as z from 'zod/mini';
import { en } from 'zod/locales';

// zod/mini keeps the page's first chunk small (tree-shakable checks), but loads no error messages by
// itself: English, as full zod words them, so messages read the same in the lab, files and the CLI.
z.config(en());

export { z };
