// Placeholder entry point until the hosting lands; replaced by the daemon work.
return 0;
