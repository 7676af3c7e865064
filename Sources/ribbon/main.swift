import RibbonCLI

Ribbon.main()
