/**
 * Common free and consumer mail domains. A fitted spec stores the list it was fitted with, so
 * changing this list affects only specs fitted afterwards, never a deployed model. Matching is by
 * the exact domain, ignoring ASCII case: `mail.google.com` is not `gmail.com`.
 */
export const DEFAULT_FREE_MAIL_DOMAINS = Object.freeze([
  // Global providers.
  'gmail.com', 'googlemail.com', 'yahoo.com', 'ymail.com', 'rocketmail.com', 'hotmail.com', 'outlook.com', 'live.com',
  'msn.com', 'aol.com', 'aim.com', 'icloud.com', 'me.com', 'mac.com', 'proton.me', 'protonmail.com', 'pm.me', 'mail.com',
  'gmx.com', 'gmx.net', 'zoho.com', 'zohomail.com', 'yandex.com', 'tutanota.com', 'tuta.io', 'fastmail.com', 'hushmail.com',
  'inbox.com', 'email.com', 'usa.com',
  // Country variants of the global providers.
  'yahoo.co.uk', 'yahoo.fr', 'yahoo.de', 'yahoo.es', 'yahoo.it', 'yahoo.ca', 'yahoo.com.au', 'yahoo.co.in', 'yahoo.co.jp',
  'yahoo.com.br', 'yahoo.com.mx', 'hotmail.co.uk', 'hotmail.fr', 'hotmail.de', 'hotmail.es', 'hotmail.it', 'outlook.fr',
  'outlook.de', 'outlook.es', 'live.co.uk', 'live.fr', 'live.de', 'live.nl', 'live.ca', 'gmx.de', 'gmx.at', 'gmx.ch',
  // National providers and internet service providers.
  'web.de', 't-online.de', 'freenet.de', 'orange.fr', 'wanadoo.fr', 'free.fr', 'laposte.net', 'sfr.fr', 'libero.it',
  'virgilio.it', 'tiscali.it', 'btinternet.com', 'sky.com', 'virginmedia.com', 'comcast.net', 'verizon.net', 'att.net',
  'sbcglobal.net', 'cox.net', 'charter.net', 'bellsouth.net', 'earthlink.net', 'rogers.com', 'shaw.ca', 'bigpond.com',
  'optusnet.com.au', 'xtra.co.nz', 'mail.ru', 'bk.ru', 'list.ru', 'inbox.ru', 'yandex.ru', 'ya.ru', 'rambler.ru', 'seznam.cz',
  'wp.pl', 'o2.pl', 'interia.pl', 'onet.pl', 'bol.com.br', 'uol.com.br', 'terra.com.br', 'rediffmail.com', 'qq.com',
  '163.com', '126.com', 'sina.com', 'naver.com', 'daum.net', 'hanmail.net',
] as const);
