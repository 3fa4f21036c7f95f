import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'switchyard:public';

/** Opts a handler (or controller) out of the admin app's token check; everything else needs the token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
