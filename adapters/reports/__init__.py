"""Reports people read: self-contained HTML pages with plots drawn by matplotlib as inline SVG."""
